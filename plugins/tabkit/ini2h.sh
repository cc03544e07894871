#!/bin/sh
# ini2h.sh IN OUT: compile a column map (INI text) into a C string COLUMNS_INI.
set -e
in=$1
out=$2
mkdir -p "$(dirname "$out")"
{
  echo '/* generated from columns.ini: edit that file */'
  echo 'static const char COLUMNS_INI[] ='
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$in"
  echo ';'
} > "$out.tmp"
mv "$out.tmp" "$out"
