# etc: sample config, rule packs, systemd units
