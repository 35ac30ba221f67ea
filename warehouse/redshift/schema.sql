-- Raw tables for Amazon Redshift: the same tables and columns as ../schema.sql, in Redshift's
-- terms. Checked with PostgreSQL's parser against what Redshift refuses
-- (test/warehouse/redshiftSql.test.ts); not run on a cluster here.
--
-- - No indexes: each event table is sorted on the poll's keyset, COMPOUND SORTKEY (loaded_at,
--   event_id), so the zone maps skip every block older than a poll's cursor.
-- - Distribution: the small tables every branch joins (accounts, systems_to_accounts) go to every
--   node (DISTSTYLE ALL); the two tables the view joins by e-mail address (a failed request to the
--   documentation its user read, a page view to the same reader's others) are distributed on it,
--   so those joins stay on one node; the rest spread evenly.
-- - TEXT is VARCHAR(256) in Redshift: every column says its length, VARCHAR(65535) where text
--   can be long (URLs, messages).
-- - PRIMARY KEY is informational only: the loading job must not insert an event_id twice.

CREATE TABLE IF NOT EXISTS accounts (
  id VARCHAR(18) NOT NULL, -- 18-character Salesforce Account Id
  loaded_at TIMESTAMPTZ NOT NULL,
  name VARCHAR(255) NOT NULL,
  owner_id VARCHAR(18), -- Salesforce User Id of the account owner
  email_domain VARCHAR(255), -- company e-mail domain: attributes anonymous website visits
  PRIMARY KEY (id)
)
DISTSTYLE ALL
SORTKEY (id);

CREATE TABLE IF NOT EXISTS systems_to_accounts (
  system_name VARCHAR(255) NOT NULL,
  loaded_at TIMESTAMPTZ NOT NULL,
  account_id VARCHAR(18) NOT NULL,
  PRIMARY KEY (system_name)
)
DISTSTYLE ALL
SORTKEY (system_name);

CREATE TABLE IF NOT EXISTS webserver_events (
  event_id VARCHAR(64) NOT NULL, -- 'ws-' || request id
  loaded_at TIMESTAMPTZ NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  account_id VARCHAR(18),
  user_email VARCHAR(255),
  user_name VARCHAR(255),
  method VARCHAR(16) NOT NULL,
  url VARCHAR(65535) NOT NULL,
  status_code INTEGER, -- NULL: no response (timeout, client gone)
  duration_ms INTEGER,
  input_name VARCHAR(255),
  feature VARCHAR(255),
  PRIMARY KEY (event_id)
)
DISTKEY (user_email)
COMPOUND SORTKEY (loaded_at, event_id);

CREATE TABLE IF NOT EXISTS backend_logs (
  event_id VARCHAR(64) NOT NULL, -- 'be-' || log id
  loaded_at TIMESTAMPTZ NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  system_name VARCHAR(255) NOT NULL,
  event_kind VARCHAR(64) NOT NULL, -- 'events_loaded', 'table_created'
  output_name VARCHAR(255),
  table_name VARCHAR(255),
  rows_loaded INTEGER,
  message VARCHAR(65535),
  PRIMARY KEY (event_id)
)
DISTSTYLE EVEN
COMPOUND SORTKEY (loaded_at, event_id);

CREATE TABLE IF NOT EXISTS website_events (
  event_id VARCHAR(64) NOT NULL, -- 'web-' || page view id
  loaded_at TIMESTAMPTZ NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  visitor_email VARCHAR(255),
  visitor_name VARCHAR(255),
  account_id VARCHAR(18),
  page_url VARCHAR(65535) NOT NULL,
  page_title VARCHAR(1024),
  referrer VARCHAR(65535),
  PRIMARY KEY (event_id)
)
DISTKEY (visitor_email)
COMPOUND SORTKEY (loaded_at, event_id);

CREATE TABLE IF NOT EXISTS zabbix_alerts (
  event_id VARCHAR(64) NOT NULL, -- 'zbx-' || Zabbix event id
  loaded_at TIMESTAMPTZ NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  host VARCHAR(255) NOT NULL,
  system_name VARCHAR(255),
  alert_type VARCHAR(64) NOT NULL, -- 'connection_interrupted', 'latency_detected'
  severity VARCHAR(32) NOT NULL,
  input_name VARCHAR(255),
  description VARCHAR(65535),
  PRIMARY KEY (event_id)
)
DISTSTYLE EVEN
COMPOUND SORTKEY (loaded_at, event_id);

CREATE TABLE IF NOT EXISTS user_aggregated_activity (
  id VARCHAR(512) NOT NULL, -- 'ua-' || activity_date || '-' || user_email
  loaded_at TIMESTAMPTZ NOT NULL,
  activity_date DATE NOT NULL,
  user_email VARCHAR(255) NOT NULL,
  account_id VARCHAR(18),
  requests INTEGER NOT NULL,
  failed_requests INTEGER NOT NULL,
  documentation_pages_visited INTEGER NOT NULL,
  documentation_pages VARCHAR(65535), -- distinct page titles, comma-separated
  PRIMARY KEY (id)
)
DISTKEY (user_email)
SORTKEY (activity_date);
