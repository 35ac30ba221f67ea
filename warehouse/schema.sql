-- Raw tables as the data team loads them. Reference schema: runs on PostgreSQL 15+ and PGlite;
-- for Redshift see README.md (no indexes, TEXT is VARCHAR(256), no ON CONFLICT).
--
-- Every event table stores its contract `event_id` as a real column, already prefixed per
-- source ('ws-', 'be-', 'web-', 'zbx-'). A prefix computed in the view ('ws-' || id) would be
-- unique too, but then the poll's keyset on (loaded_at, event_id) could not use an index and
-- every poll would sort all rows of the same loaded_at. A generated column would do the
-- prefixing for us, but Redshift has none, so the loader writes it.
--
-- `loaded_at` is stamped by the loader when the row lands; `occurred_at` is the source's clock.

-- Salesforce Accounts, as replicated by the data team.
CREATE TABLE IF NOT EXISTS accounts (
  id text PRIMARY KEY, -- 18-character Salesforce Account Id
  loaded_at timestamptz NOT NULL,
  name text NOT NULL,
  owner_id text, -- Salesforce User Id of the account owner
  email_domain text -- company e-mail domain: attributes anonymous website visits
);

-- One account per company e-mail domain, for attributing anonymous website visits. Kept
-- materialised because every poll joins it: computing MIN(id) … GROUP BY over all accounts in
-- the view cost each poll ~10 ms of server time, whatever the number of new rows (bench/README.md).
-- MIN: two accounts sharing a domain must not duplicate a page view. Refresh it after the
-- accounts sync: REFRESH MATERIALIZED VIEW account_domains (Redshift: AUTO REFRESH YES).
CREATE MATERIALIZED VIEW IF NOT EXISTS account_domains AS
  SELECT email_domain, MIN(id) AS account_id
  FROM accounts
  WHERE email_domain IS NOT NULL
  GROUP BY email_domain;

-- Which account a platform system (a customer project, a stack) belongs to. Backend logs and
-- monitoring alerts only know the system.
CREATE TABLE IF NOT EXISTS systems_to_accounts (
  system_name text PRIMARY KEY,
  loaded_at timestamptz NOT NULL,
  account_id text NOT NULL
);

-- Requests to the web application, one row per request.
CREATE TABLE IF NOT EXISTS webserver_events (
  event_id text PRIMARY KEY, -- 'ws-' || request id
  loaded_at timestamptz NOT NULL,
  occurred_at timestamptz NOT NULL,
  account_id text, -- NULL when the session could not be tied to an account
  user_email text,
  user_name text,
  method text NOT NULL,
  url text NOT NULL,
  status_code integer, -- NULL: no response (timeout, client gone)
  duration_ms integer,
  input_name text, -- set on input requests, e.g. 'Google Analytics'
  feature text -- set when the request uses a product feature, e.g. 'Flows'
);

-- Platform backend logs. They carry only the system they ran in.
CREATE TABLE IF NOT EXISTS backend_logs (
  event_id text PRIMARY KEY, -- 'be-' || log id
  loaded_at timestamptz NOT NULL,
  occurred_at timestamptz NOT NULL,
  system_name text NOT NULL,
  event_kind text NOT NULL, -- 'events_loaded' (to an output), 'table_created'
  output_name text, -- events_loaded: the output written, e.g. 'Snowflake'
  table_name text,
  rows_loaded integer,
  message text
);

-- Marketing site and documentation page views.
CREATE TABLE IF NOT EXISTS website_events (
  event_id text PRIMARY KEY, -- 'web-' || page view id
  loaded_at timestamptz NOT NULL,
  occurred_at timestamptz NOT NULL,
  visitor_email text, -- from the identification cookie or a form; NULL when anonymous
  visitor_name text,
  account_id text, -- set when the visitor was identified as a user of an account
  page_url text NOT NULL, -- path, e.g. '/pricing', '/docs/inputs/adding-inputs'
  page_title text, -- e.g. 'Docs: Adding inputs'
  referrer text
);

-- Monitoring alerts (Zabbix), one row per problem event.
CREATE TABLE IF NOT EXISTS zabbix_alerts (
  event_id text PRIMARY KEY, -- 'zbx-' || Zabbix event id
  loaded_at timestamptz NOT NULL,
  occurred_at timestamptz NOT NULL,
  host text NOT NULL,
  system_name text, -- the customer system the monitored item belongs to
  alert_type text NOT NULL, -- 'connection_interrupted', 'latency_detected'
  severity text NOT NULL, -- Zabbix severity: 'warning', 'average', 'high', 'disaster'
  input_name text, -- the input connection the alert is about, when there is one
  description text
);

-- Nightly per-user-per-day rollup built by the data team from the two tables above.
CREATE TABLE IF NOT EXISTS user_aggregated_activity (
  id text PRIMARY KEY, -- 'ua-' || activity_date || '-' || user_email
  loaded_at timestamptz NOT NULL,
  activity_date date NOT NULL,
  user_email text NOT NULL,
  account_id text,
  requests integer NOT NULL,
  failed_requests integer NOT NULL,
  documentation_pages_visited integer NOT NULL,
  documentation_pages text -- distinct page titles, comma-separated
);
