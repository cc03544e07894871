-- cbecflow dataset schema, the newest version (CBEC_SCHEMA_VERSION; core/migrate.c migrates older datasets, one step per version).
-- Money: INTEGER minor units + ISO 4217 currency.  Times: ISO 8601 text with offset.
-- Personal ids: *_key = HMAC-SHA256(site key, normalised value), *_mask = masked form.
-- Every business row carries source_id + locator (lineage) and content_hash (resend detection).
--
-- The comments are the dataset's reference: `cbecflow schema [TABLE]` prints them and the
-- build installs the same text as doc/cbecflow/schema.txt.  Convention (core/schema_doc.h):
-- the `--` lines right above CREATE TABLE/VIEW describe it; a trailing `-- ...` on a column
-- line describes that column (a comment-only line below continues it); `-- column NAME: ...`
-- here describes every column NAME that has no comment of its own.  Units are said in
-- words: "fen" = minor units of the row's currency (1/100 yuan for CNY), grams, ISO codes.

-- column source_id: the input file the row came from (source_file.source_id): lineage
-- column locator: where in that file: "line 12", an XML path such as CEB311Message/Order[2], a sheet row
-- column run_id: the run that stored or last changed the row (run.run_id)
-- column content_hash: SHA-256 of the row's business content: an identical resend counts as a duplicate, a changed one updates the row (revision + 1)
-- column revision: 1 when first stored, + 1 each time a resend with the same business key changed the content
-- column direction: import | export (cross-border direction of the trade as declared or configured for the source)
-- column app_type: CEB appType of the declaration: 1 new, 2 change, 3 delete; NULL for non-customs sources
-- column currency: ISO 4217 letter code of the row's money columns (CNY, USD, RUB ...); money columns are integer minor units of it
-- column currency_code: the currency as the source wrote it when that was the customs 3-digit code (142 = CNY, 502 = USD)
-- column platform_code: customs registration code of the e-commerce platform (CEB ebpCode, 10 characters), or for a platform's own export its name (AMAZON) or its [plugin.NAME] platform_code; '' when unknown; part of the business key
-- column order_no: the platform's order number (CEB orderNo): joins orders, payments, waybills and customs lists of one trade
-- column logistics_no: the waybill (tracking) number (CEB logisticsNo)
-- column logistics_code: customs registration code of the carrier (CEB logisticsCode); with logistics_no the waybill's key
-- column pay_transaction_id: the payment company's transaction number (CEB payTransactionId)
-- column pay_code: customs registration code of the payment company (CEB payCode)
-- column pay_name: name of the payment company
-- column hs_code: HS commodity code (customs tariff number, 10 digits in China)
-- column line_no: 1-based position of the line in its document (CEB gnum)
-- column rule_version: version of the rule pack (etc/*.rules) that computed the row
-- column business_date: the business day (YYYY-MM-DD, Asia/Shanghai) the row belongs to

-- One row per command that wrote to the dataset (ingest, run, reconcile, analyse): when, for
-- which night, and the counts, which always satisfy read = stored + quarantined + duplicate.
CREATE TABLE run (
  run_id INTEGER PRIMARY KEY,                  -- the run's number, in order of start
  command TEXT NOT NULL,                       -- ingest | ingest --dry-run | run | reconcile | analyse
  started_at TEXT NOT NULL,                    -- start, local time with offset (+08:00)
  finished_at TEXT,                            -- end, local time with offset; NULL while running (or killed: see status)
  business_date TEXT,                          -- the night (YYYY-MM-DD, Asia/Shanghai) a `run` processed; NULL for a plain ingest
  status TEXT NOT NULL DEFAULT 'running',      -- running | ok | quarantined | failed | no input | aborted
                                               -- (quarantined: finished, some records refused; no input: the night's drop folder was missing;
                                               -- aborted: the process died, found by the next command taking the lock)
  files_seen INTEGER NOT NULL DEFAULT 0,       -- inputs (files and archive members) looked at
  files_skipped INTEGER NOT NULL DEFAULT 0,    -- inputs skipped as already ingested (same SHA-256)
  records_read INTEGER NOT NULL DEFAULT 0,     -- records read = stored + quarantined + duplicate
  records_stored INTEGER NOT NULL DEFAULT 0,   -- records stored as new rows or changes
  records_quarantined INTEGER NOT NULL DEFAULT 0, -- records refused (see quarantine)
  records_duplicate INTEGER NOT NULL DEFAULT 0,   -- records identical to a stored row (not stored twice)
  bytes_read INTEGER NOT NULL DEFAULT 0,       -- bytes of input read, in bytes
  message TEXT,                                -- why a run failed or had no input; NULL when fine
  pid INTEGER,                                 -- the process of the run (schema 4); NULL before
  pid_start INTEGER,                           -- its start time: /proc/PID/stat field 22 (clock ticks since boot)
  reconcile_key TEXT,                          -- reconcile and run (v11): SHA-256 of what its reconciliation read and left
                                               -- (date; rule pack; accounts; every input's reading; row counts; flow); NULL when none.
                                               -- A later reconcile finding the same key on the latest such run keeps the flows as they are
  reconcile_credits INTEGER,                   -- ... the bank credits it considered (v11)
  reconcile_explained INTEGER,                 -- ... of which explained (v11)
  reconcile_ambiguous INTEGER                  -- ... left unmatched for several candidates (v11)
);

-- One row per input read: a plain file or an archive member, with its counts
-- (read = stored + quarantined + duplicate).  A file with a known SHA-256 is not read again.
CREATE TABLE source_file (
  source_id INTEGER PRIMARY KEY,               -- the input's number; business rows point here
  sha256 TEXT NOT NULL,                        -- SHA-256 of the input's bytes (64 hex digits): how a file seen before is recognised
  path TEXT NOT NULL,                          -- the file's path as given to ingest (the archive's, for a member)
  member TEXT,                                 -- archive member path, NULL for plain files
  plugin TEXT,                                 -- the plugin that read it (ceb, camt053, amazon_orders ...); NULL when none recognised it
  plugin_version TEXT,                         -- that plugin's version
  run_id INTEGER NOT NULL REFERENCES run(run_id), -- the run that read it
  size INTEGER,                                -- size in bytes
  records_read INTEGER NOT NULL DEFAULT 0,     -- records read = stored + quarantined + duplicate
  records_stored INTEGER NOT NULL DEFAULT 0,   -- records stored as new rows or changes
  records_quarantined INTEGER NOT NULL DEFAULT 0, -- records refused (see quarantine)
  records_duplicate INTEGER NOT NULL DEFAULT 0,   -- records identical to a stored row
  status TEXT NOT NULL,                        -- ok | partial | unrecognised | failed; replaced | forgotten: its rows
                                               -- were removed (v6: removed_*) (partial: some records quarantined;
                                               -- unrecognised: no plugin claimed it, probed again next time)
  message TEXT,                                -- why it is partial, unrecognised or failed
  ingested_at TEXT NOT NULL,                   -- when: local time with offset
  origin_zone TEXT,                            -- the zone (region_zone.code) that published the input: set in a region's dataset
                                               -- (cbecflow report --db postgresql://... without --zone); NULL in a zone's own dataset (v10)
  revision INTEGER NOT NULL DEFAULT 1,         -- the how-manieth reading of this file (v6): 1 + the readings it replaced
  superseded_by INTEGER,                       -- status replaced: the source_id of the reading that took its place (v6)
  removed_at TEXT,                             -- status replaced | forgotten: when its rows were removed (v6)
  removed_run INTEGER,                         -- ... by which run: ingest --force / forget / a later probe (v6)
  removed_rows TEXT                            -- ... and how many per table: "orders 2, order_item 3, quarantine 1" (v6)
);
CREATE INDEX source_file_sha ON source_file(sha256);

-- Every refused record or input: where it was and why.  Nothing is dropped silently.
CREATE TABLE quarantine (
  quarantine_id INTEGER PRIMARY KEY,           -- row number
  source_id INTEGER REFERENCES source_file(source_id), -- the input; NULL for a refusal outside any file (an unreadable archive)
  path TEXT NOT NULL,                          -- display name (archive!member)
  locator TEXT,                                -- where in the input: "line 12", an XML path, a sheet row
  reason_code TEXT NOT NULL,                   -- why, as a code: the plugin's (MISSING_KEY, BAD_AMOUNT ...) or the core's
                                               -- (BAD_DATE, BAD_ENCODING, BAD_PERSONAL, NO_SITE_KEY, BAD_RECORD, INVALID_RECORD, UNREADABLE,
                                               -- BAD_ARCHIVE, ARCHIVE_LIMIT, INPUT_FATAL, PLUGIN_CRASHED, PROBE_TIE, UNRECOGNISED ...)
  message TEXT NOT NULL,                       -- why, in words (personal numbers masked)
  raw_excerpt TEXT,                            -- the record as read, cut to a few KiB, personal numbers masked
  run_id INTEGER NOT NULL                      -- the run that refused it
);

-- Rule findings on stored records (not refusals).
CREATE TABLE finding (
  finding_id INTEGER PRIMARY KEY,              -- row number
  source_id INTEGER,                           -- the input the record came from
  kind TEXT NOT NULL,                          -- table of the record
  row_id INTEGER,                              -- rowid in that table
  business_key TEXT,                           -- the record's business key, for reading without a join
  locator TEXT,                                -- where in the input
  code TEXT NOT NULL,                          -- what: SUM_MISMATCH, ROUNDED, UNKNOWN_CODE, PLACEHOLDER_CODE, MISSING_LINES,
                                               -- SYNTHETIC_KEY, AMBIGUOUS_DECIMAL, BAD_TIME ... (the plugin's rule)
  message TEXT NOT NULL,                       -- the finding in words
  run_id INTEGER                               -- the run that found it
);
CREATE INDEX finding_row ON finding(kind, row_id);

-- An e-commerce order: the customs order declaration (CEB311 import, CEB303 export) or a platform's
-- order export (Amazon, eBay, Shopify, Ozon, Wildberries).  The customs values win over a
-- platform's for the same order ([core] source_precedence).  Local dates: view v_orders.
CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,                -- row number (order_item.order_id, flow.order_id)
  order_no TEXT NOT NULL,                      -- the platform's order number (CEB orderNo); with platform_code the business key
  platform_code TEXT NOT NULL DEFAULT '',      -- customs code of the e-commerce platform (CEB ebpCode); a platform's own export: AMAZON, or its [plugin.NAME] platform_code
  platform_name TEXT,                          -- name of the platform (CEB ebpName)
  seller_code TEXT,                            -- customs code of the e-commerce enterprise that sells (CEB ebcCode)
  seller_name TEXT,                            -- its name (CEB ebcName)
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')), -- import (CEB311) | export (CEB303)
  order_type TEXT,                             -- CEB orderType: I import, E export
  trade_mode TEXT,                             -- customs supervision mode when known: 9610 direct B2C, 1210 bonded, 9710/9810 B2B export
  order_time TEXT,                             -- when the order was placed: ISO 8601 with the source's offset (+08:00 customs, +00:00 Amazon ...);
                                               -- date(order_time) is the UTC day: use v_orders.order_date for the Beijing day
  app_type TEXT,                               -- CEB appType: 1 new, 2 change, 3 delete
  currency TEXT,                               -- ISO 4217 letter code of the money columns
  currency_code TEXT,                          -- original (customs 3-digit) code
  goods_value INTEGER,                         -- value of the goods, in fen (minor units of currency)
  freight INTEGER,                             -- freight charged, in fen
  discount INTEGER,                            -- discount granted, in fen (positive)
  tax_total INTEGER,                           -- tax collected on the order, in fen
  actual_paid INTEGER,                         -- amount the buyer paid = goods_value + freight + tax_total - discount (else a SUM_MISMATCH finding), in fen
  buyer_reg_no TEXT,                           -- the buyer's account on the platform (CEB buyerRegNo)
  buyer_name TEXT,                             -- the buyer's name as declared
  buyer_key TEXT,                              -- the buyer's ID number: keyed hash (HMAC-SHA256 with the site key, 64 hex)
  buyer_mask TEXT,                             -- the buyer's ID number masked: 150102********4518
  buyer_phone_key TEXT,                        -- the buyer's phone: keyed hash
  buyer_phone_mask TEXT,                       -- the buyer's phone masked: 139****5678
  pay_code TEXT,                               -- customs code of the payment company
  pay_name TEXT,                               -- its name
  pay_transaction_id TEXT,                     -- the payment's transaction number: joins payment.pay_transaction_id
  consignee_name TEXT,                         -- who receives the goods
  consignee_key TEXT,                          -- the consignee's phone: keyed hash
  consignee_mask TEXT,                         -- the consignee's phone masked
  consignee_address TEXT,                      -- delivery address as declared
  consignee_district TEXT,                     -- administrative division code of the address (6 digits, GB/T 2260)
  consignee_country TEXT,                      -- destination country, ISO 3166-1 alpha-2 (platform exports of export orders)
  status TEXT,                                 -- the platform's order status as exported (Shipped, paid, sold ...); NULL for customs declarations
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (order_no, platform_code)
);

-- The goods lines of an order (CEB OrderList).
CREATE TABLE order_item (
  order_id INTEGER NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE, -- the order
  line_no INTEGER NOT NULL,                    -- 1-based line number (CEB gnum)
  sku TEXT,                                    -- the seller's item number (CEB itemNo, a platform's SKU)
  name TEXT,                                   -- goods name
  model TEXT,                                  -- specification / model (CEB gmodel)
  bar_code TEXT,                               -- bar code (EAN/GTIN)
  hs_code TEXT,                                -- HS commodity code when given
  qty TEXT,                                    -- exact decimal text
  unit TEXT,                                   -- customs unit code (007 piece, 011 piece/件, 035 kg ...) or the platform's unit
  unit_price INTEGER,                          -- price per unit, in fen (minor units of currency)
  total INTEGER,                               -- line total = qty x unit_price, in fen
  currency TEXT,                               -- ISO 4217 letter code of the line's money
  origin_country TEXT,                         -- country of origin, ISO 3166-1 alpha-2
  origin_country_code TEXT,                    -- country of origin as declared (customs 3-digit code)
  PRIMARY KEY (order_id, line_no)
);

-- A payment of an order: the customs payment declaration (CEB411 import), the payment receipt
-- of an export (CEB403), or a platform's payment or payout line (Shopify, Amazon settlement,
-- Wildberries).  Local dates: view v_payments.
CREATE TABLE payment (
  payment_id INTEGER PRIMARY KEY,              -- row number (flow.payment_id)
  pay_transaction_id TEXT NOT NULL,            -- the payment's transaction number; with pay_code the business key
                                               -- (a CEB403 without payNo is keyed "403:seller:order" with a SYNTHETIC_KEY finding)
  pay_code TEXT NOT NULL DEFAULT '',           -- customs code of the payment company (CEB payCode), AMAZON etc. for platform payouts
  pay_name TEXT,                               -- name of the payment company
  order_no TEXT,                               -- the order paid: joins orders.order_no
  platform_code TEXT,                          -- the order's platform (CEB ebpCode)
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')), -- import (CEB411) | export (CEB403 receipt)
  payer_name TEXT,                             -- who paid (CEB payerName)
  payer_key TEXT,                              -- the payer's ID number: keyed hash (HMAC-SHA256 with the site key)
  payer_mask TEXT,                             -- the payer's ID number masked
  payer_phone_key TEXT,                        -- the payer's phone: keyed hash
  payer_phone_mask TEXT,                       -- the payer's phone masked
  amount INTEGER,                              -- amount paid (CEB amountPaid; export: charge), in fen (minor units of currency)
  currency TEXT,                               -- ISO 4217 letter code of amount
  currency_code TEXT,                          -- the currency as declared (customs 3-digit code)
  pay_time TEXT,                               -- when paid: ISO 8601 with the source's offset (CEB payTime / accountingDate: +08:00);
                                               -- the Beijing day is v_payments.pay_date
  app_type TEXT,                               -- CEB appType: 1 new, 2 change, 3 delete
  settlement_ref TEXT,                         -- the platform settlement (payout) this payment was paid out in: joins settlement.settlement_ref
  settlement_id INTEGER REFERENCES settlement(settlement_id), -- that settlement's row, linked by the store when both are there
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (pay_transaction_id, pay_code)
);
-- (order_no, platform_code): the reconciliation's link of an order to its payment reads the index only (v11)
CREATE INDEX payment_order ON payment(order_no, platform_code);

-- A waybill: the customs logistics declaration (CEB511 import, CEB505 export), a post's or
-- carrier's manifest (postal_manifest) or a platform's posting (Ozon, eBay).  Its latest status
-- comes from shipment_event.  Local dates: view v_shipments.
CREATE TABLE shipment (
  shipment_id INTEGER PRIMARY KEY,             -- row number (shipment_item.shipment_id, flow.shipment_id)
  logistics_no TEXT NOT NULL,                  -- the waybill / tracking number (CEB logisticsNo, a UPU S10 number for posts); with logistics_code the business key
  logistics_code TEXT NOT NULL DEFAULT '',     -- customs code of the carrier (CEB logisticsCode; manifests: [plugin] carrier); '' when unknown
  logistics_name TEXT,                         -- the carrier's name
  tracking_kind TEXT,                          -- s10 | other
                                               -- (s10: a UPU S10 number with a valid check digit, e.g. RR123456785CN)
  bill_no TEXT,                                -- the master bill (air waybill, rail consignment) the parcel travelled under (CEB billNo)
  order_no TEXT,                               -- the order shipped: joins orders.order_no
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')), -- import (CEB511, a parcel to CN) | export (CEB505)
  consignee_name TEXT,                         -- who receives the parcel
  consignee_key TEXT,                          -- the consignee's phone: keyed hash (HMAC-SHA256 with the site key)
  consignee_mask TEXT,                         -- the consignee's phone masked
  consignee_address TEXT,                      -- delivery address
  destination_country TEXT,                    -- destination, ISO 3166-1 alpha-2 (manifests and exports)
  weight_g INTEGER,                            -- gross weight of the parcel, in grams (integer; CEB weight/grossWeight in kg x 1000,
                                               -- a finer value is rounded with a ROUNDED finding)
  pack_no INTEGER,                             -- number of packages (CEB packNo)
  declared_value INTEGER,                      -- value of the contents declared on the manifest (sum of qty x unit_value), in fen (minor units of currency)
  currency TEXT,                               -- ISO 4217 letter code of the money columns
  currency_code TEXT,                          -- the currency as declared (customs 3-digit code)
  freight INTEGER,                             -- freight, in fen
  insured_fee INTEGER,                         -- insurance fee, in fen
  goods_info TEXT,                             -- description of the contents (CEB goodsInfo)
  ship_time TEXT,                              -- when declared / handed over: ISO 8601 with the source's offset; Beijing day v_shipments.ship_date
  app_type TEXT,                               -- CEB appType: 1 new, 2 change, 3 delete
  status TEXT,                                 -- latest waybill status (513):
                                               -- the event of the latest shipment_event: a CEB513 logisticsStatus code, departure, warehouse_entry
  status_time TEXT,                            -- the time of that event, ISO 8601 with offset
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (logistics_no, logistics_code)
);
CREATE INDEX shipment_order ON shipment(order_no);

-- The contents of a parcel as a manifest lists them (customs waybills have no lines).
CREATE TABLE shipment_item (
  shipment_id INTEGER NOT NULL REFERENCES shipment(shipment_id) ON DELETE CASCADE, -- the parcel
  line_no INTEGER NOT NULL,                    -- 1-based line number
  name TEXT,                                   -- goods name (as written, often Chinese or Russian)
  name_en TEXT,                                -- goods name in English (CN22/CN23 declaration)
  hs_code TEXT,                                -- HS commodity code when given (6 to 10 digits)
  qty TEXT,                                    -- quantity, exact decimal text
  unit_value INTEGER,                          -- value per unit, in fen (minor units of currency)
  currency TEXT,                               -- ISO 4217 letter code of unit_value
  weight_g INTEGER,                            -- weight of the line's goods, in grams, when the manifest gives one
  origin_country TEXT,                         -- country of origin, ISO 3166-1 alpha-2
  PRIMARY KEY (shipment_id, line_no)
);

-- Waybill status events (CEB513, carrier scans), departures (CEB509), warehouse entries (711).
CREATE TABLE shipment_event (
  event_id INTEGER PRIMARY KEY,                -- row number
  logistics_no TEXT NOT NULL,                  -- the waybill: joins shipment.logistics_no
  logistics_code TEXT NOT NULL DEFAULT '',     -- the carrier: joins shipment.logistics_code
  event TEXT NOT NULL,                         -- status code / 'departure' / 'warehouse_entry'
  event_time TEXT,                             -- when: ISO 8601 with offset (+08:00 for customs messages)
  bill_no TEXT,                                -- the master bill of a departure
  reference TEXT,                              -- rkdNo, copNo of the departure ...
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (logistics_no, logistics_code, event, event_time, reference)
);

-- A customs inventory list (清单): CEB621 import, CEB603 export -- the declaration customs
-- clears each parcel on, with its tax.  Local dates: view v_customs_lists.
CREATE TABLE customs_list (
  list_id INTEGER PRIMARY KEY,                 -- row number (customs_list_item.list_id, flow.list_id)
  invt_no TEXT,                                -- the list number customs assigned (CEB invtNo), once accepted
  cop_no TEXT NOT NULL,                        -- the declarant's own list number (CEB copNo); with platform_code the business key
  pre_no TEXT,                                 -- the pre-entry number of the customs system (CEB preNo)
  order_no TEXT,                               -- the order cleared: joins orders.order_no
  platform_code TEXT,                          -- the order's platform (CEB ebpCode)
  seller_code TEXT,                            -- the selling e-commerce enterprise (CEB ebcCode)
  logistics_no TEXT,                           -- the waybill: joins shipment.logistics_no
  logistics_code TEXT,                         -- the carrier: joins shipment.logistics_code
  direction TEXT NOT NULL DEFAULT 'import' CHECK (direction IN ('import','export')), -- import (CEB621) | export (CEB603)
  trade_mode TEXT,                             -- customs supervision mode: 9610 direct B2C, 1210 bonded, 1239 bonded (pilot cities), 9710/9810 B2B export
  customs_code TEXT,                           -- the customs office declared at (4 digits, e.g. 0701)
  port_code TEXT,                              -- the port of entry/exit (customs office code)
  declared_at TEXT,                            -- when declared (CEB declTime): ISO 8601 +08:00; Beijing day v_customs_lists.declared_date
  ie_date TEXT,                                -- the import/export date (CEB ieDate), a calendar date YYYY-MM-DD
  country TEXT,                                -- the country of departure (import) or destination (export), ISO 3166-1 alpha-2
  country_code TEXT,                           -- that country as declared (customs 3-digit code)
  buyer_name TEXT,                             -- the buyer (order holder) as declared
  buyer_key TEXT,                              -- the buyer's ID number: keyed hash (HMAC-SHA256 with the site key)
  buyer_mask TEXT,                             -- the buyer's ID number masked
  buyer_phone_key TEXT,                        -- the buyer's phone: keyed hash
  buyer_phone_mask TEXT,                       -- the buyer's phone masked
  total_value INTEGER,                         -- value of the goods = the sum of the lines' totals, in fen (minor units of currency)
  freight INTEGER,                             -- freight, in fen
  insured_fee INTEGER,                         -- insurance fee, in fen
  tax INTEGER,                                 -- tax assessed on the list, in fen, when a source gives it (the customs messages read today do not)
  currency TEXT,                               -- ISO 4217 letter code of the money columns
  currency_code TEXT,                          -- the currency as declared (customs 3-digit code)
  gross_weight_g INTEGER,                      -- gross weight, in grams (CEB grossWeight in kg x 1000)
  net_weight_g INTEGER,                        -- net weight, in grams (CEB netWeight in kg x 1000)
  pack_no INTEGER,                             -- number of packages
  app_type TEXT,                               -- CEB appType: 1 new, 2 change, 3 delete
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (cop_no, platform_code)
);
-- (order_no, platform_code): the reconciliation's link of an order to its list reads the index only (v11)
CREATE INDEX customs_list_order ON customs_list(order_no, platform_code);
CREATE INDEX customs_list_logistics ON customs_list(logistics_no);

-- The goods lines of a customs list (CEB InventoryList).
CREATE TABLE customs_list_item (
  list_id INTEGER NOT NULL REFERENCES customs_list(list_id) ON DELETE CASCADE, -- the list
  line_no INTEGER NOT NULL,                    -- 1-based line number (CEB gnum)
  item_no TEXT,                                -- the seller's item number (CEB itemNo)
  hs_code TEXT,                                -- HS commodity code (CEB gcode, 10 digits)
  name TEXT,                                   -- goods name (CEB gname)
  model TEXT,                                  -- specification / model (CEB gmodel)
  origin_country TEXT,                         -- country of origin, ISO 3166-1 alpha-2 (import lists)
  origin_country_code TEXT,                    -- original (customs 3-digit) code
  qty TEXT,                                    -- quantity in the declared unit, exact decimal text
  unit TEXT,                                   -- customs unit code (007 piece, 011 piece/件, 035 kg ...)
  unit_price INTEGER,                          -- price per unit, in fen (minor units of currency)
  total INTEGER,                               -- line total, in fen
  currency TEXT,                               -- ISO 4217 letter code of the line's money
  PRIMARY KEY (list_id, line_no)
);

-- Customs receipts (312, 412, 512, 514, 622, 624, 626, 712, 900 ...): a trade's customs status.
CREATE TABLE customs_receipt (
  receipt_id INTEGER PRIMARY KEY,              -- row number
  message_type TEXT NOT NULL,                  -- "CEB312" ...
  doc_kind TEXT NOT NULL,                      -- order | payment | shipment | customs_list | ...
                                               -- (also shipment_status, list_cancel, list_refund, warehouse_entry, arrival, departure,
                                               -- waybill_summary, message for CEB900)
  order_no TEXT,                               -- the order the receipt is about, when named
  platform_code TEXT,                          -- its platform
  logistics_no TEXT,                           -- the waybill, when named
  logistics_code TEXT,                         -- its carrier
  pay_transaction_id TEXT,                     -- the payment (payTransactionId or payNo), when named
  cop_no TEXT,                                 -- the declarant's list number, when named
  invt_no TEXT,                                -- the customs list number, when named
  guid TEXT,                                   -- the guid of the declaration answered
  return_status TEXT NOT NULL,                 -- 120 accepted, 100 rejected, 399 cleared, 800 released, negative = error
  return_time TEXT,                            -- when customs answered: ISO 8601 +08:00
  return_info TEXT,                            -- customs' text (why rejected ...)
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (message_type, guid, return_status, return_time)
);
CREATE INDEX customs_receipt_order ON customs_receipt(order_no);

-- A platform's settlement (payout) to the seller: an Amazon settlement, a Wildberries sales
-- report; the payments it paid out point to it (payment.settlement_ref / settlement_id).
CREATE TABLE settlement (
  settlement_id INTEGER PRIMARY KEY,           -- row number
  settlement_ref TEXT NOT NULL,                -- the platform's settlement id or report number; with platform_code the business key
  platform_code TEXT NOT NULL DEFAULT '',      -- the platform (as configured for the export)
  pay_code TEXT,                               -- who paid out (AMAZON, WILDBERRIES ...)
  period_start TEXT,                           -- first day (or time, with offset) the settlement covers
  period_end TEXT,                             -- last day (or time, with offset) it covers
  deposit_date TEXT,                           -- when the payout reached the bank: date or ISO 8601 with offset
  total_amount INTEGER,                        -- amount paid out, in fen (minor units of currency)
  currency TEXT,                               -- ISO 4217 letter code of total_amount
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (settlement_ref, platform_code)
);

-- Components of a settlement that belong to no order (fees, transfers, reserves).
CREATE TABLE settlement_component (
  settlement_id INTEGER NOT NULL REFERENCES settlement(settlement_id) ON DELETE CASCADE, -- the settlement
  line_no INTEGER NOT NULL,                    -- 1-based position in the settlement
  order_no TEXT,                               -- the order, when the platform names one
  amount_type TEXT,                            -- the platform's amount type (Amazon amount-type: Other-transaction, Promotion ...)
  description TEXT,                            -- the platform's description (Amazon amount-description: Subscription Fee ...)
  amount INTEGER,                              -- amount, signed (negative = charged to the seller), in fen (minor units of the settlement's currency)
  posted_at TEXT,                              -- when posted: date or ISO 8601 with offset
  PRIMARY KEY (settlement_id, line_no)
);

-- A bank account statement (camt.053, MT940/MT942, a bank's CSV export) with its balances
-- and whether it ties out: closing = opening + credits - debits.
CREATE TABLE bank_statement (
  statement_id INTEGER PRIMARY KEY,            -- row number (bank_txn.statement_id)
  account TEXT NOT NULL,                       -- the account: IBAN or the bank's account number; with statement_no and opening_date the business key
  statement_no TEXT NOT NULL DEFAULT '',       -- the statement's number (camt ElctrncSeqNb / LglSeqNb, MT940 :28C:)
  bank TEXT,                                   -- the bank (BIC or name)
  format TEXT,                                 -- camt.053.001.08, mt940, bankcsv:icbc ...
  currency TEXT,                               -- ISO 4217 letter code of the account
  opening_balance INTEGER,                     -- opening balance, signed, in fen (minor units of currency)
  closing_balance INTEGER,                     -- closing balance, signed, in fen
  opening_date TEXT NOT NULL DEFAULT '',       -- date of the opening balance (YYYY-MM-DD)
  closing_date TEXT,                           -- date of the closing balance (YYYY-MM-DD)
  credits_total INTEGER,                       -- sum of the credit entries, in fen
  debits_total INTEGER,                        -- sum of the debit entries, in fen
  entry_count INTEGER,                         -- number of entries
  balanced INTEGER,                            -- 1 ties out exactly, 0 not
                                               -- (NULL: the statement gives no balances to check)
  difference INTEGER,                          -- closing - (opening + credits - debits),
                                               -- in fen; 0 when it ties out
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
  txn_id INTEGER PRIMARY KEY,                  -- row number (flow.bank_txn_id)
  statement_id INTEGER REFERENCES bank_statement(statement_id), -- the statement
  account TEXT,                                -- the account (as bank_statement.account)
  entry_ref TEXT,                              -- AcctSvcrRef / bank reference, plus TxDtls ordinal: not unique
  booking_date TEXT,                           -- booking date (YYYY-MM-DD, the bank's calendar)
  value_date TEXT,                             -- value date (YYYY-MM-DD)
  amount INTEGER NOT NULL CHECK (amount >= 0), -- amount, never negative (the side is direction), in fen (minor units of currency)
  currency TEXT,                               -- ISO 4217 letter code of amount
  direction TEXT NOT NULL CHECK (direction IN ('C','D')), -- C credit (money in) | D debit (money out)
  reversal INTEGER NOT NULL DEFAULT 0,         -- 1 when the entry reverses an earlier one (camt RvslInd, MT940 RC/RD), else 0
  counterparty TEXT,                           -- the other party's name (payer of a credit, payee of a debit)
  counterparty_account TEXT,                   -- the other party's account (IBAN or number)
  reference TEXT,                              -- end-to-end id / customer reference
  remittance TEXT,                             -- remittance information (camt Ustrd, MT940 ?20-?29): often names orders or a settlement
  raw_info TEXT,                               -- :86: raw
  instructed_amount INTEGER,                   -- the amount as instructed before conversion, in minor units of instructed_currency
  instructed_currency TEXT,                    -- ISO 4217 letter code of instructed_amount
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

-- The enterprises of the zone: from the enterprise register (an XLSX/CSV of the zone) or
-- seen in the trades (the platforms, sellers, payment companies and carriers named there).
CREATE TABLE enterprise (
  code TEXT PRIMARY KEY,                       -- customs registration code (10 characters), the key
  name TEXT,                                   -- the enterprise's name
  role TEXT,                                   -- platform | seller | payment_company | carrier
  region TEXT,                                 -- region or district, as the register writes it
  origin TEXT,                                 -- register | trade
                                               -- (register: from the register file; trade: only seen in orders, payments, waybills)
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER
);

-- Credit events of an enterprise from the register (penalties, violations, complaints ...):
-- they lower its credit score and may put it on the negative list (etc/credit.rules).
CREATE TABLE enterprise_event (
  event_id INTEGER PRIMARY KEY,                -- row number
  code TEXT NOT NULL,                          -- the enterprise (enterprise.code)
  event_date TEXT NOT NULL,                    -- the date of the decision (YYYY-MM-DD)
  kind TEXT NOT NULL,                          -- penalty | abnormal_operation | serious_violation | ip_infringement | counterfeit | fraud | complaint
  detail TEXT,                                 -- the register's text (decision number, reason)
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  UNIQUE (code, event_date, kind, detail)
);

-- Exchange rates to the yuan (the fx_rates plugin: a rate_date,currency,cny_per_unit file),
-- used to value foreign-currency trades in CNY on their day.
CREATE TABLE fx_rate (
  rate_date TEXT NOT NULL,                     -- the day the rate holds from (YYYY-MM-DD); a trade takes the latest rate on or before its day
  currency TEXT NOT NULL,                      -- ISO 4217 letter code
  cny_per_unit TEXT NOT NULL,                  -- exact decimal text:
                                               -- yuan for one unit of currency (not per 100), e.g. 7.1884 for USD
  content_hash TEXT,
  source_id INTEGER, locator TEXT, run_id INTEGER,
  PRIMARY KEY (rate_date, currency)
);

-- One row per trade ("three flows into one"): the order with its payment, waybill, customs
-- list and bank credit as reconcile matched them, and what is missing or wrong.  Kept across
-- nights by flow_key; every change of status or reasons is logged in flow_change.
CREATE TABLE flow (
  flow_id INTEGER PRIMARY KEY,                 -- row number
  order_no TEXT,                               -- the trade's order number (NULL for a bank credit matched to no trade)
  platform_code TEXT,                          -- its platform
  direction TEXT,                              -- import | export
  trade_mode TEXT,                             -- the customs supervision mode (from the customs list, else the order)
  status TEXT NOT NULL,                        -- MATCHED, or the first reason of reasons in the rule pack's order (etc/reconcile.rules)
  reasons TEXT NOT NULL DEFAULT '',            -- space-separated reason codes
                                               -- ORDER_MISSING DUPLICATE_KEY PAYMENT_MISSING SHIPMENT_MISSING LIST_MISSING CURRENCY_MISMATCH
                                               -- AMOUNT_MISMATCH PAYER_NOT_BUYER CONSIGNEE_MISMATCH UNSETTLED BANK_UNEXPLAINED; '' when matched
  order_id INTEGER,                            -- the order (orders.order_id), NULL when missing
  payment_id INTEGER,                          -- the payment (payment.payment_id), NULL when missing
  shipment_id INTEGER,                         -- the waybill (shipment.shipment_id), NULL when missing
  list_id INTEGER,                             -- the customs list (customs_list.list_id), NULL when missing
  bank_txn_id INTEGER,                         -- the bank credit matched (bank_txn.txn_id), NULL when none
  value_cny INTEGER,                           -- the trade's value in CNY fen (converted with fx_rate on its day)
  business_date TEXT,                          -- the trade's day (YYYY-MM-DD, Asia/Shanghai): of the order, else payment, waybill ...
  rule_version TEXT,                           -- version of etc/reconcile.rules that judged it
  first_seen TEXT,                             -- the night the trade first appeared (YYYY-MM-DD)
  resolved_on TEXT,                            -- the night it became MATCHED after having been open; NULL while open
  updated_run_id INTEGER,                      -- the run that last changed the row
  flow_key TEXT,                               -- stable identity across nights: O:platform:order_no, B:txn_id, ...
  precheck TEXT NOT NULL DEFAULT '',           -- customs pre-check findings (ARITHMETIC PAYER CONSIGNEE SINGLE_LIMIT ANNUAL_LIMIT)
  detail TEXT,                                 -- how the bank credit was matched or why a credit is unexplained
  exception_since TEXT,                        -- the night reconcile first found the trade's latest exception (YYYY-MM-DD;
                                               -- kept across reruns and after resolved_on; NULL: never an exception) (v12)
  UNIQUE (order_no, platform_code, bank_txn_id)
);
CREATE UNIQUE INDEX flow_key_idx ON flow(flow_key);
CREATE INDEX flow_bank ON flow(bank_txn_id);

-- Every change of a trade's status or reasons, night by night (the trade's history).
CREATE TABLE flow_change (
  flow_id INTEGER NOT NULL,                    -- the trade (flow.flow_id)
  changed_at TEXT NOT NULL,                    -- when, local time with offset
  business_date TEXT,                          -- the night of the run that changed it
  old_status TEXT,                             -- status before (NULL: a new trade)
  new_status TEXT,                             -- status after; REMOVED when the trade vanished (its documents were deleted or re-keyed)
  old_reasons TEXT,                            -- reasons before
  new_reasons TEXT,                            -- reasons after
  run_id INTEGER                               -- the run
);
CREATE INDEX flow_change_flow ON flow_change(flow_id);

-- Bank credits left unmatched because several trades (or batches) qualified: the candidates.
CREATE TABLE flow_candidate (
  bank_txn_id INTEGER NOT NULL,                -- the bank credit (bank_txn.txn_id)
  rule TEXT NOT NULL,                          -- the bank-matching stage that found them
  flow_key TEXT NOT NULL,                      -- a trade that qualified (flow.flow_key)
  order_no TEXT,                               -- its order number
  platform_code TEXT,                          -- its platform
  PRIMARY KEY (bank_txn_id, rule, flow_key)
);

-- Risk alerts of `analyse` (etc/risk.rules): one per rule, entity and day.
CREATE TABLE alert (
  alert_id INTEGER PRIMARY KEY,                -- row number (alert_order.alert_id)
  rule_id TEXT NOT NULL,                       -- the rule: R-SINGLE-LIMIT, R-ANNUAL-LIMIT, R-ORDER-SPLIT, R-PAYER-NOT-BUYER, R-PAYER-MANY-BUYERS,
                                               -- R-MONEY-WITHOUT-GOODS, R-GOODS-WITHOUT-MONEY, R-UNDERVALUATION, R-WEIGHT-VALUE,
                                               -- R-BANK-UNEXPLAINED, R-NEGATIVE-LIST
  severity TEXT NOT NULL,                      -- high | medium | low
  entity_kind TEXT NOT NULL,                   -- what the alert is about: buyer, payer, seller, order, bank_txn ... (per rule)
  entity_key TEXT NOT NULL,                    -- which one: a keyed hash for a person, a code or number otherwise
  business_date TEXT,                          -- the day the alert is for (YYYY-MM-DD)
  evidence TEXT,                               -- JSON:
                                               -- the figures that raised it (sums in fen, counts, limits)
  rule_version TEXT,                           -- version of etc/risk.rules
  run_id INTEGER,                              -- the run that raised it
  UNIQUE (rule_id, entity_kind, entity_key, business_date)
);

-- The orders behind an alert.
CREATE TABLE alert_order (
  alert_id INTEGER NOT NULL REFERENCES alert(alert_id) ON DELETE CASCADE, -- the alert
  order_no TEXT NOT NULL,                      -- an order behind it
  platform_code TEXT,                          -- its platform
  PRIMARY KEY (alert_id, order_no)
);

-- How risk alerts were handled (`cbecflow alert ack|close`, v13): one row per action and never
-- changed.  An action names its alert by the alert's key and keeps the evidence it was taken on:
-- it survives `analyse` removing and raising the alert again, and it stops applying when the
-- alert's evidence changes (the alert is open again).  v_alert_status gives each alert's state.
CREATE TABLE alert_action (
  action_id INTEGER PRIMARY KEY,               -- the order the actions were taken in
  alert_id INTEGER,                            -- the alert row acted on (alert.alert_id at that time)
  rule_id TEXT NOT NULL,                       -- the alert's rule (alert.rule_id)
  entity_kind TEXT NOT NULL,                   -- the alert's entity kind (alert.entity_kind)
  entity_key TEXT NOT NULL,                    -- the alert's entity (alert.entity_key)
  business_date TEXT,                          -- the alert's business date (YYYY-MM-DD)
  evidence TEXT,                               -- the alert's evidence when acted on (alert.evidence)
  action TEXT NOT NULL,                        -- ack (taken in hand) | close (closed)
  note TEXT NOT NULL,                          -- what was done or found (--note)
  actor TEXT NOT NULL,                         -- who acted (--by; default the login name)
  acted_at TEXT NOT NULL                       -- when (ISO 8601 with offset)
);
CREATE INDEX alert_action_key ON alert_action(rule_id, entity_kind, entity_key, business_date);

-- Every alert with its handling state: the latest action on its key when that action saw the
-- alert's present evidence; otherwise open.
CREATE VIEW v_alert_status AS SELECT
  a.alert_id AS alert_id,                      -- the alert (alert.alert_id)
  CASE WHEN x.action_id IS NULL OR x.evidence IS NOT a.evidence THEN 'open' WHEN x.action = 'close' THEN 'closed' ELSE 'in_hand' END AS status, -- open | in_hand | closed
  (x.action_id IS NOT NULL AND x.evidence IS NOT a.evidence) AS reopened, -- 1 when handled before but its evidence changed since
  x.action_id AS action_id,                    -- the latest action on the alert's key (alert_action); NULL when none
  x.actor AS actor,                            -- who took that action
  x.acted_at AS acted_at,                      -- when (ISO 8601 with offset)
  x.note AS note                               -- its note
  FROM alert a LEFT JOIN alert_action x ON x.action_id = (SELECT max(y.action_id) FROM alert_action y
    WHERE y.rule_id = a.rule_id AND y.entity_kind = a.entity_kind AND y.entity_key = a.entity_key
      AND y.business_date IS a.business_date);

-- Enterprise credit scores of `analyse` (etc/credit.rules), one per enterprise and day.
CREATE TABLE credit_score (
  code TEXT NOT NULL,                          -- the enterprise (enterprise.code)
  as_of TEXT NOT NULL,                         -- the day scored (YYYY-MM-DD)
  score REAL NOT NULL,                         -- 0..100, exact to 0.01 (the sum of the factors' contributions)
  grade TEXT NOT NULL,                         -- AAA | AA | A | BBB | BB, or D when on the active negative list
  factors TEXT NOT NULL,                       -- JSON: factor, value, weight, contribution
  on_negative_list INTEGER NOT NULL DEFAULT 0, -- 1 when on the negative list that day, else 0
  rule_version TEXT,                           -- version of etc/credit.rules
  run_id INTEGER,                              -- the run that scored it
  inspection_rate REAL,                        -- recommended inspection share for the grade (supervision),
                                               -- 0..1; NULL when the rules set none
  PRIMARY KEY (code, as_of)
);

-- Enterprises listed as untrustworthy (a credit event of a negative.* rule in etc/credit.rules).
CREATE TABLE negative_list (
  code TEXT NOT NULL,                          -- the enterprise (enterprise.code)
  reason TEXT NOT NULL,                        -- the negative.* rule that listed it
  listed_on TEXT NOT NULL,                     -- first day on the list (YYYY-MM-DD)
  expires_on TEXT,                             -- the day the listing ends (YYYY-MM-DD); NULL: no end
  rule_version TEXT,                           -- version of etc/credit.rules
  PRIMARY KEY (code, reason, listed_on)
);

-- A file's rows, by the reading that stored them (v6): `ingest --force` and `forget` remove
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

-- Which site key the dataset's personal hashes (*_key columns) were made with: a fingerprint of
-- the key (HMAC-SHA256 of a fixed text under the key; the key itself is never stored), written
-- by the first ingest or run.  A later one with another key is refused (exit 2) instead of
-- mixing hashes that can never match.  One row. (v7)
CREATE TABLE site_key (
  fingerprint TEXT NOT NULL,                   -- 64 hex digits: HMAC-SHA256(site key, "cbecflow site key fingerprint")
  key_file TEXT,                               -- the key file it was first read from (for the refusal's message)
  recorded_at TEXT NOT NULL,                   -- when, local time with offset
  run_id INTEGER                               -- the run that recorded it
);

-- The zones (盟市) a region's dataset was pulled from, in code order (v10): `cbecflow report --db
-- postgresql://...` without --zone merges every zone of the warehouse into one temporary dataset.
-- Empty in a zone's own dataset.
CREATE TABLE region_zone (
  code TEXT PRIMARY KEY,                       -- the zone's code as it publishes ([publish] zone)
  name TEXT,                                   -- its name for readers ([publish] zone_name); NULL when it published none (the code is shown)
  position INTEGER NOT NULL,                   -- 1-based place in code order: the zone's row numbers are offset by position x 2^40
  published_at TEXT,                           -- when its last publish finished (ISO 8601 with offset)
  rows_pulled INTEGER NOT NULL DEFAULT 0       -- rows read from the warehouse for the zone (kept + left out)
);

-- Rows of a region's dataset left out because an earlier zone in code order published the same
-- business key (the same order by two zones is one order): per table and zone, counted once (v10).
CREATE TABLE region_overlap (
  table_name TEXT NOT NULL,                    -- the table (orders, payment ...)
  code TEXT NOT NULL,                          -- the zone whose rows were left out (region_zone.code)
  duplicates INTEGER NOT NULL DEFAULT 0,       -- rows whose business key an earlier zone had: that zone's row is kept
  differing INTEGER NOT NULL DEFAULT 0,        -- of those: rows whose content differed from the kept row (content_hash)
  children INTEGER NOT NULL DEFAULT 0,         -- rows left out with a left-out row they belong to (order lines of a left-out order ...)
  PRIMARY KEY (table_name, code)
);

-- Views with local calendar dates.  Times are stored with the offset their source gave
-- (+08:00 customs, +00:00 Amazon, +03:00 Moscow exports ...) and SQLite's date(t) gives the UTC
-- day: an order at 00:30 Beijing time would count for the day before.  These views add the day
-- in Asia/Shanghai (UTC+8, no daylight saving), the same day the reports use:
-- date(t, '+8 hours'), right for every offset; a bare date stays that date.  (v7)

-- Every column of orders, plus the order's day in Beijing time.
CREATE VIEW v_orders AS SELECT orders.*,
  date(order_time, '+8 hours') AS order_date   -- the day of order_time in Asia/Shanghai (YYYY-MM-DD); NULL without order_time
  FROM orders;

-- Every column of payment, plus the payment's day in Beijing time.
CREATE VIEW v_payments AS SELECT payment.*,
  date(pay_time, '+8 hours') AS pay_date       -- the day of pay_time in Asia/Shanghai (YYYY-MM-DD); NULL without pay_time
  FROM payment;

-- Every column of shipment, plus its days in Beijing time.
CREATE VIEW v_shipments AS SELECT shipment.*,
  date(ship_time, '+8 hours') AS ship_date,    -- the day of ship_time in Asia/Shanghai (YYYY-MM-DD)
  date(status_time, '+8 hours') AS status_date -- the day of status_time (the latest event) in Asia/Shanghai
  FROM shipment;

-- Every column of customs_list, plus the declaration's day in Beijing time.
CREATE VIEW v_customs_lists AS SELECT customs_list.*,
  date(declared_at, '+8 hours') AS declared_date -- the day of declared_at in Asia/Shanghai (YYYY-MM-DD); ie_date is a date already
  FROM customs_list;
