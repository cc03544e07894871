-- cbecflow dataset schema, the newest version (CBEC_SCHEMA_VERSION; core/migrate.c migrates older datasets, one step per version).
-- Money: INTEGER minor units + ISO 4217 currency.  Times: ISO 8601 text with offset.
-- Personal ids: *_key = HMAC-SHA256(site key, normalised value), *_mask = masked form.
-- Every business row carries source_id + locator (lineage) and content_hash (resend detection).

CREATE TABLE run (
  run_id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  business_date TEXT,
  status TEXT NOT NULL DEFAULT 'running',      -- running | ok | quarantined | failed | no input | aborted
  files_seen INTEGER NOT NULL DEFAULT 0,
  files_skipped INTEGER NOT NULL DEFAULT 0,
  records_read INTEGER NOT NULL DEFAULT 0,
  records_stored INTEGER NOT NULL DEFAULT 0,
  records_quarantined INTEGER NOT NULL DEFAULT 0,
  records_duplicate INTEGER NOT NULL DEFAULT 0,
  bytes_read INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  pid INTEGER,                                 -- the process of the run (schema 4); NULL before
  pid_start INTEGER                            -- its start time, /proc/PID/stat field 22 (clock ticks since boot)
);

CREATE TABLE source_file (
  source_id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  path TEXT NOT NULL,
  member TEXT,                                 -- archive member path, NULL for plain files
  plugin TEXT,
  plugin_version TEXT,
  run_id INTEGER NOT NULL REFERENCES run(run_id),
  size INTEGER,
  records_read INTEGER NOT NULL DEFAULT 0,
  records_stored INTEGER NOT NULL DEFAULT 0,
  records_quarantined INTEGER NOT NULL DEFAULT 0,
  records_duplicate INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,                        -- ok | partial | unrecognised | failed; replaced | forgotten:
                                               -- its rows were removed (v7: removed_*)
  message TEXT,
  ingested_at TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,         -- the how-manieth reading of this file (v7): 1 + the readings it replaced
  superseded_by INTEGER,                       -- status replaced: the source_id of the reading that took its place (v7)
  removed_at TEXT,                             -- status replaced | forgotten: when its rows were removed (v7)
  removed_run INTEGER,                         -- ... by which run (`ingest --force`, `forget`, a later probe) (v7)
  removed_rows TEXT                            -- ... and how many per table: "orders 2, order_item 3, quarantine 1" (v7)
);
CREATE INDEX source_file_sha ON source_file(sha256);

CREATE TABLE quarantine (
  quarantine_id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES source_file(source_id),
  path TEXT NOT NULL,                          -- display name (archive!member)
  locator TEXT,
  reason_code TEXT NOT NULL,
  message TEXT NOT NULL,
  raw_excerpt TEXT,
  run_id INTEGER NOT NULL
);

-- Rule findings on stored records (not refusals).
CREATE TABLE finding (
  finding_id INTEGER PRIMARY KEY,
  source_id INTEGER,
  kind TEXT NOT NULL,                          -- table of the record
  row_id INTEGER,                              -- rowid in that table
  business_key TEXT,
  locator TEXT,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  run_id INTEGER
);
CREATE INDEX finding_row ON finding(kind, row_id);

CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  order_no TEXT NOT NULL,
  platform_code TEXT NOT NULL DEFAULT '',
  platform_name TEXT,
  seller_code TEXT,
  seller_name TEXT,
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')),
  order_type TEXT,
  trade_mode TEXT,
  order_time TEXT,
  app_type TEXT,
  currency TEXT,
  currency_code TEXT,                          -- original (customs 3-digit) code
  goods_value INTEGER,
  freight INTEGER,
  discount INTEGER,
  tax_total INTEGER,
  actual_paid INTEGER,
  buyer_reg_no TEXT,
  buyer_name TEXT,
  buyer_key TEXT, buyer_mask TEXT,
  buyer_phone_key TEXT, buyer_phone_mask TEXT,
  pay_code TEXT,
  pay_name TEXT,
  pay_transaction_id TEXT,
  consignee_name TEXT,
  consignee_key TEXT, consignee_mask TEXT,     -- consignee phone
  consignee_address TEXT,
  consignee_district TEXT,
  consignee_country TEXT,
  status TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (order_no, platform_code)
);

CREATE TABLE order_item (
  order_id INTEGER NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  sku TEXT,
  name TEXT,
  model TEXT,
  bar_code TEXT,
  hs_code TEXT,
  qty TEXT,                                    -- exact decimal text
  unit TEXT,
  unit_price INTEGER,
  total INTEGER,
  currency TEXT,
  origin_country TEXT,
  origin_country_code TEXT,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE payment (
  payment_id INTEGER PRIMARY KEY,
  pay_transaction_id TEXT NOT NULL,
  pay_code TEXT NOT NULL DEFAULT '',
  pay_name TEXT,
  order_no TEXT,
  platform_code TEXT,
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')),
  payer_name TEXT,
  payer_key TEXT, payer_mask TEXT,
  payer_phone_key TEXT, payer_phone_mask TEXT,
  amount INTEGER,
  currency TEXT,
  currency_code TEXT,
  pay_time TEXT,
  app_type TEXT,
  settlement_ref TEXT,
  settlement_id INTEGER REFERENCES settlement(settlement_id),
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (pay_transaction_id, pay_code)
);
CREATE INDEX payment_order ON payment(order_no);

CREATE TABLE shipment (
  shipment_id INTEGER PRIMARY KEY,
  logistics_no TEXT NOT NULL,
  logistics_code TEXT NOT NULL DEFAULT '',
  logistics_name TEXT,
  tracking_kind TEXT,                          -- s10 | other
  bill_no TEXT,
  order_no TEXT,
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')),
  consignee_name TEXT,
  consignee_key TEXT, consignee_mask TEXT,     -- consignee phone
  consignee_address TEXT,
  destination_country TEXT,
  weight_g INTEGER,
  pack_no INTEGER,
  declared_value INTEGER,
  currency TEXT,
  currency_code TEXT,
  freight INTEGER,
  insured_fee INTEGER,
  goods_info TEXT,
  ship_time TEXT,
  app_type TEXT,
  status TEXT,                                 -- latest waybill status (513)
  status_time TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (logistics_no, logistics_code)
);
CREATE INDEX shipment_order ON shipment(order_no);

CREATE TABLE shipment_item (
  shipment_id INTEGER NOT NULL REFERENCES shipment(shipment_id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  name TEXT,
  name_en TEXT,
  hs_code TEXT,
  qty TEXT,
  unit_value INTEGER,
  currency TEXT,
  weight_g INTEGER,
  origin_country TEXT,
  PRIMARY KEY (shipment_id, line_no)
);

-- Waybill status events (CEB513, carrier scans), departures (CEB509), warehouse entries (711).
CREATE TABLE shipment_event (
  event_id INTEGER PRIMARY KEY,
  logistics_no TEXT NOT NULL,
  logistics_code TEXT NOT NULL DEFAULT '',
  event TEXT NOT NULL,                         -- status code / 'departure' / 'warehouse_entry'
  event_time TEXT,
  bill_no TEXT,
  reference TEXT,                              -- rkdNo, copNo of the departure ...
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (logistics_no, logistics_code, event, event_time, reference)
);

CREATE TABLE customs_list (
  list_id INTEGER PRIMARY KEY,
  invt_no TEXT,
  cop_no TEXT NOT NULL,
  pre_no TEXT,
  order_no TEXT,
  platform_code TEXT,
  seller_code TEXT,
  logistics_no TEXT,
  logistics_code TEXT,
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')),
  trade_mode TEXT,
  customs_code TEXT,
  port_code TEXT,
  declared_at TEXT,
  ie_date TEXT,
  country TEXT,
  country_code TEXT,
  buyer_name TEXT,
  buyer_key TEXT, buyer_mask TEXT,
  buyer_phone_key TEXT, buyer_phone_mask TEXT,
  total_value INTEGER,
  freight INTEGER,
  insured_fee INTEGER,
  tax INTEGER,
  currency TEXT,
  currency_code TEXT,
  gross_weight_g INTEGER,
  net_weight_g INTEGER,
  pack_no INTEGER,
  app_type TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (cop_no, platform_code)
);
CREATE INDEX customs_list_order ON customs_list(order_no);
CREATE INDEX customs_list_logistics ON customs_list(logistics_no);

CREATE TABLE customs_list_item (
  list_id INTEGER NOT NULL REFERENCES customs_list(list_id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  item_no TEXT,
  hs_code TEXT,
  name TEXT,
  model TEXT,
  origin_country TEXT,
  origin_country_code TEXT,                    -- original (customs 3-digit) code
  qty TEXT,
  unit TEXT,
  unit_price INTEGER,
  total INTEGER,
  currency TEXT,
  PRIMARY KEY (list_id, line_no)
);

-- Customs receipts (312, 412, 512, 514, 622, 624, 626, 712, 900 ...): a trade's customs status.
CREATE TABLE customs_receipt (
  receipt_id INTEGER PRIMARY KEY,
  message_type TEXT NOT NULL,                  -- "CEB312" ...
  doc_kind TEXT NOT NULL,                      -- order | payment | shipment | customs_list | ...
  order_no TEXT,
  platform_code TEXT,
  logistics_no TEXT,
  logistics_code TEXT,
  pay_transaction_id TEXT,
  cop_no TEXT,
  invt_no TEXT,
  guid TEXT,
  return_status TEXT NOT NULL,                 -- 120 accepted, 100 rejected, 399 cleared, 800 released, negative = error
  return_time TEXT,
  return_info TEXT,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (message_type, guid, return_status, return_time)
);
CREATE INDEX customs_receipt_order ON customs_receipt(order_no);

CREATE TABLE settlement (
  settlement_id INTEGER PRIMARY KEY,
  settlement_ref TEXT NOT NULL,
  platform_code TEXT NOT NULL DEFAULT '',
  pay_code TEXT,
  period_start TEXT,
  period_end TEXT,
  deposit_date TEXT,
  total_amount INTEGER,
  currency TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (settlement_ref, platform_code)
);

-- Components of a settlement that belong to no order (fees, transfers, reserves).
CREATE TABLE settlement_component (
  settlement_id INTEGER NOT NULL REFERENCES settlement(settlement_id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  order_no TEXT,
  amount_type TEXT,
  description TEXT,
  amount INTEGER,
  posted_at TEXT,
  PRIMARY KEY (settlement_id, line_no)
);

CREATE TABLE bank_statement (
  statement_id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  statement_no TEXT NOT NULL DEFAULT '',
  bank TEXT,
  format TEXT,                                 -- camt.053.001.08, mt940, bankcsv:icbc ...
  currency TEXT,
  opening_balance INTEGER,
  closing_balance INTEGER,
  opening_date TEXT NOT NULL DEFAULT '',
  closing_date TEXT,
  credits_total INTEGER,
  debits_total INTEGER,
  entry_count INTEGER,
  balanced INTEGER,                            -- 1 ties out exactly, 0 not
  difference INTEGER,                          -- closing - (opening + credits - debits)
  info TEXT,                                   -- statement-level text (MT940 :86: after :62F:, camt AddtlStmtInf)
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  owner_name TEXT,                             -- account holder (camt Acct/Ownr/Nm): whose money the account receives (v2)
  UNIQUE (account, statement_no, opening_date)
);

-- Entries are stored before their statement record; the store links rows of the
-- same source with statement_id NULL to the next bank_statement it stores.
CREATE TABLE bank_txn (
  txn_id INTEGER PRIMARY KEY,
  statement_id INTEGER REFERENCES bank_statement(statement_id),
  account TEXT,
  entry_ref TEXT,                              -- AcctSvcrRef / bank reference, plus TxDtls ordinal: not unique
  booking_date TEXT,
  value_date TEXT,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  currency TEXT,
  direction TEXT NOT NULL CHECK (direction IN ('C','D')),
  reversal INTEGER NOT NULL DEFAULT 0,
  counterparty TEXT,
  counterparty_account TEXT,
  reference TEXT,                              -- end-to-end id / customer reference
  remittance TEXT,
  raw_info TEXT,                               -- :86: raw
  instructed_amount INTEGER,
  instructed_currency TEXT,
  batch_ref TEXT,                              -- the Ntry this TxDtls belongs to
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  statement_key TEXT,                          -- the statement within the account: statement_no|opening_date;
                                               -- bankcsv (exports overlap): 'ref:'||the row's reference (v3)
  entry_seq INTEGER                            -- 1-based position of the row (Ntry or TxDtls) in its statement (v3)
);
CREATE INDEX bank_txn_ref ON bank_txn(reference);
CREATE INDEX bank_txn_stmt ON bank_txn(statement_id);
CREATE INDEX bank_txn_key ON bank_txn(account, statement_key, entry_seq); -- business key lookup (store dedupe)

CREATE TABLE enterprise (
  code TEXT PRIMARY KEY,
  name TEXT,
  role TEXT,
  region TEXT,
  origin TEXT,                                 -- register | trade
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER
);

CREATE TABLE enterprise_event (
  event_id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  event_date TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (code, event_date, kind, detail)
);

CREATE TABLE fx_rate (
  rate_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  cny_per_unit TEXT NOT NULL,                  -- exact decimal text
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  PRIMARY KEY (rate_date, currency)
);

CREATE TABLE flow (
  flow_id INTEGER PRIMARY KEY,
  order_no TEXT,
  platform_code TEXT,
  direction TEXT,
  trade_mode TEXT,
  status TEXT NOT NULL,
  reasons TEXT NOT NULL DEFAULT '',            -- space-separated reason codes
  order_id INTEGER, payment_id INTEGER, shipment_id INTEGER, list_id INTEGER, bank_txn_id INTEGER,
  value_cny INTEGER,
  business_date TEXT,
  rule_version TEXT,
  first_seen TEXT,
  resolved_on TEXT,
  updated_run_id INTEGER,
  flow_key TEXT,                               -- stable identity across nights: O:platform:order_no, B:txn_id, ...
  precheck TEXT NOT NULL DEFAULT '',           -- customs pre-check findings (ARITHMETIC PAYER CONSIGNEE SINGLE_LIMIT ANNUAL_LIMIT)
  detail TEXT,                                 -- how the bank credit was matched, or why a credit is unexplained
  UNIQUE (order_no, platform_code, bank_txn_id)
);
CREATE UNIQUE INDEX flow_key_idx ON flow(flow_key);
CREATE INDEX flow_bank ON flow(bank_txn_id);

CREATE TABLE flow_change (
  flow_id INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  business_date TEXT,
  old_status TEXT, new_status TEXT,
  old_reasons TEXT, new_reasons TEXT,
  run_id INTEGER
);
CREATE INDEX flow_change_flow ON flow_change(flow_id);

-- Bank credits left unmatched because several trades (or batches) qualified: the candidates.
CREATE TABLE flow_candidate (
  bank_txn_id INTEGER NOT NULL,
  rule TEXT NOT NULL,                          -- the bank-matching stage that found them
  flow_key TEXT NOT NULL,
  order_no TEXT,
  platform_code TEXT,
  PRIMARY KEY (bank_txn_id, rule, flow_key)
);

CREATE TABLE alert (
  alert_id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  business_date TEXT,
  evidence TEXT,                               -- JSON
  rule_version TEXT,
  run_id INTEGER,
  UNIQUE (rule_id, entity_kind, entity_key, business_date)
);

CREATE TABLE alert_order (
  alert_id INTEGER NOT NULL REFERENCES alert(alert_id) ON DELETE CASCADE,
  order_no TEXT NOT NULL,
  platform_code TEXT,
  PRIMARY KEY (alert_id, order_no)
);

CREATE TABLE credit_score (
  code TEXT NOT NULL,
  as_of TEXT NOT NULL,
  score REAL NOT NULL,
  grade TEXT NOT NULL,
  factors TEXT NOT NULL,                       -- JSON: factor, value, weight, contribution
  on_negative_list INTEGER NOT NULL DEFAULT 0,
  rule_version TEXT,
  run_id INTEGER,
  inspection_rate REAL,                        -- recommended inspection share for the grade (supervision)
  PRIMARY KEY (code, as_of)
);

CREATE TABLE negative_list (
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  expires_on TEXT,
  rule_version TEXT,
  PRIMARY KEY (code, reason, listed_on)
);

-- A file's rows, by the reading that stored them (v7): `ingest --force` and `forget` remove
-- them file by file (core/reingest.c); without these, each file scanned every table.
CREATE INDEX orders_source ON orders(source_id);
CREATE INDEX payment_source ON payment(source_id);
CREATE INDEX shipment_source ON shipment(source_id);
CREATE INDEX shipment_event_source ON shipment_event(source_id);
CREATE INDEX customs_list_source ON customs_list(source_id);
CREATE INDEX customs_receipt_source ON customs_receipt(source_id);
CREATE INDEX settlement_source ON settlement(source_id);
CREATE INDEX bank_statement_source ON bank_statement(source_id);
CREATE INDEX bank_txn_source ON bank_txn(source_id);
CREATE INDEX enterprise_source ON enterprise(source_id);
CREATE INDEX enterprise_event_source ON enterprise_event(source_id);
CREATE INDEX fx_rate_source ON fx_rate(source_id);
CREATE INDEX quarantine_source ON quarantine(source_id);
CREATE INDEX finding_source ON finding(source_id);
