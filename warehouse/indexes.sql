-- Indexes that keep a poll of enriched_events proportional to the rows it returns.
-- PostgreSQL only: Redshift has no indexes; use the sort and distribution keys in README.md.
--
-- The poll reads
--   WHERE (loaded_at > $1 OR (loaded_at = $1 AND event_id > $2)) AND account_id IN (...)
--   ORDER BY loaded_at, event_id
-- and the view pushes both filters into every raw table.

-- The keyset: both arms of the OR are ranges of one (loaded_at, event_id) index, so the
-- planner ORs two index scans instead of reading the table, and rows of the same loaded_at
-- come out already ordered by event_id.
CREATE INDEX IF NOT EXISTS webserver_events_keyset ON webserver_events (loaded_at, event_id);
CREATE INDEX IF NOT EXISTS backend_logs_keyset ON backend_logs (loaded_at, event_id);
CREATE INDEX IF NOT EXISTS website_events_keyset ON website_events (loaded_at, event_id);
CREATE INDEX IF NOT EXISTS zabbix_alerts_keyset ON zabbix_alerts (loaded_at, event_id);

-- Reading one account's history (backtests, the first poll of a new owner) without the
-- keyset: account first, then time.
CREATE INDEX IF NOT EXISTS webserver_events_account ON webserver_events (account_id, loaded_at);
CREATE INDEX IF NOT EXISTS website_events_account ON website_events (account_id, loaded_at);
CREATE INDEX IF NOT EXISTS systems_to_accounts_account ON systems_to_accounts (account_id);
CREATE INDEX IF NOT EXISTS backend_logs_system ON backend_logs (system_name, loaded_at);
CREATE INDEX IF NOT EXISTS zabbix_alerts_system ON zabbix_alerts (system_name, loaded_at);

-- pages_visited of a failed request: one visitor's documentation pages in a 24-hour range.
CREATE INDEX IF NOT EXISTS website_events_visitor ON website_events (visitor_email, occurred_at);

-- Anonymous page views are attributed to an account by e-mail domain (unique: one row per domain,
-- which also lets REFRESH MATERIALIZED VIEW CONCURRENTLY keep readers going during a refresh).
CREATE INDEX IF NOT EXISTS accounts_email_domain ON accounts (email_domain, id);
CREATE UNIQUE INDEX IF NOT EXISTS account_domains_domain ON account_domains (email_domain);
