#!/usr/bin/python3
"""bench/naive.py -- the plain script issue 22 compares cbecflow with.

What an analyst would write in an afternoon for the same night: read the customs
messages (XML in .zip, nested .zip, .tar.gz or loose) with ElementTree's iterparse,
store orders, payments, waybills, customs lists and receipts in SQLite with one
unique business key each, then match orders with their payment, list and waybill
and store one status per order.  A lighter job than cbecflow's: no lineage, no
content hashes, no personal-data hashing, no quarantine, no bank statements, no
tolerance rules.  `make bench` times it on the same inputs as `cbecflow ingest` +
`cbecflow reconcile` (issue 22: cbecflow must take <= 0.35x of its wall time).

usage: naive.py DATASET INPUT...
"""
import io
import sqlite3
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile

NS = "{http://www.chinaport.gov.cn/ceb}"

# container element -> (table, fields of its head); the head is <XHead> or the container itself
KINDS = {
    "Order": ("orders", ["orderNo", "ebpCode", "goodsValue", "freight", "taxTotal", "discount", "currency"]),
    "Payment": ("payment", ["payTransactionId", "payCode", "orderNo", "ebpCode", "amountPaid", "currency"]),
    "Receipts": ("payment", ["payNo", "payCode", "orderNo", "ebpCode", "charge", "currency"]),
    "Logistics": ("shipment", ["logisticsNo", "logisticsCode", "orderNo", "freight", "currency"]),
    "Inventory": ("customs_list", ["copNo", "ebpCode", "orderNo", "logisticsNo", "logisticsCode", "totalPrice"]),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS orders(order_no, platform, goods, freight, tax, discount, currency,
  UNIQUE(order_no, platform));
CREATE TABLE IF NOT EXISTS payment(txn, pay_code, order_no, platform, amount, currency, UNIQUE(txn, pay_code));
CREATE TABLE IF NOT EXISTS shipment(logistics_no, logistics_code, order_no, freight, currency,
  UNIQUE(logistics_no, logistics_code));
CREATE TABLE IF NOT EXISTS customs_list(cop_no, platform, order_no, logistics_no, logistics_code, total,
  UNIQUE(cop_no, platform));
CREATE INDEX IF NOT EXISTS payment_order ON payment(order_no, platform);
CREATE INDEX IF NOT EXISTS list_order ON customs_list(order_no, platform);
CREATE TABLE IF NOT EXISTS flow(order_no, platform, payment_rowid, list_rowid, shipment_rowid, status);
"""


def money(s):
    """Fen as an integer (no floats for money), None when absent or unreadable."""
    if not s:
        return None
    whole, _, frac = s.strip().partition(".")
    try:
        return int(whole or "0") * 100 + int((frac + "00")[:2])
    except ValueError:
        return None


def parse_xml(db, stream):
    rows = {}
    for _, el in ET.iterparse(stream, events=("end",)):
        tag = el.tag[len(NS):] if el.tag.startswith(NS) else el.tag
        kind = KINDS.get(tag)
        if kind is None:
            continue
        table, fields = kind
        head = el.find(NS + tag + "Head")
        if head is None:
            head = el
        values = [head.findtext(NS + f) for f in fields]
        if table in ("orders", "payment", "shipment", "customs_list"):
            for i, f in enumerate(fields):
                if f in ("goodsValue", "freight", "taxTotal", "discount", "amountPaid", "charge", "totalPrice"):
                    values[i] = money(values[i])
        rows.setdefault(table, []).append(values)
        el.clear()
    for table, vals in rows.items():
        marks = ",".join("?" * len(vals[0]))
        db.executemany("INSERT OR IGNORE INTO %s VALUES (%s)" % (table, marks), vals)


def visit(db, name, data):
    low = name.lower()
    if low.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else name) as z:
            for member in z.namelist():
                if not member.endswith("/"):
                    visit(db, member, z.read(member))
    elif low.endswith(".tar.gz") or low.endswith(".tgz"):
        with tarfile.open(fileobj=io.BytesIO(data)) if data is not None else tarfile.open(name) as t:
            for member in t:
                if member.isfile():
                    visit(db, member.name, t.extractfile(member).read())
    elif low.endswith(".xml"):
        if data is None:
            with open(name, "rb") as f:
                data = f.read()
        if b"chinaport.gov.cn/ceb" in data[:4096]:
            parse_xml(db, io.BytesIO(data))


def match(db):
    db.execute("DELETE FROM flow")
    db.execute("""
        INSERT INTO flow SELECT o.order_no, o.platform,
          (SELECT p.rowid FROM payment p WHERE p.order_no=o.order_no AND p.platform=o.platform),
          (SELECT l.rowid FROM customs_list l WHERE l.order_no=o.order_no AND l.platform=o.platform),
          NULL, NULL FROM orders o""")
    db.execute("""UPDATE flow SET shipment_rowid=(SELECT s.rowid FROM shipment s JOIN customs_list l
          ON s.logistics_no=l.logistics_no AND s.logistics_code=l.logistics_code WHERE l.rowid=flow.list_rowid)""")
    db.execute("""UPDATE flow SET status=CASE
          WHEN payment_rowid IS NULL THEN 'PAYMENT_MISSING'
          WHEN list_rowid IS NULL THEN 'LIST_MISSING'
          WHEN shipment_rowid IS NULL THEN 'SHIPMENT_MISSING'
          WHEN (SELECT p.amount FROM payment p WHERE p.rowid=payment_rowid) <>
               (SELECT coalesce(o.goods,0)+coalesce(o.freight,0)+coalesce(o.tax,0)-coalesce(o.discount,0)
                FROM orders o WHERE o.order_no=flow.order_no AND o.platform=flow.platform) THEN 'AMOUNT_MISMATCH'
          ELSE 'MATCHED' END""")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(SCHEMA)
    for path in sys.argv[2:]:
        visit(db, path, None)
        db.commit()
    match(db)
    db.commit()
    n, ok = db.execute("SELECT count(*), sum(status='MATCHED') FROM flow").fetchone()
    print("naive: %d orders, %d matched" % (n, ok or 0))


if __name__ == "__main__":
    main()
