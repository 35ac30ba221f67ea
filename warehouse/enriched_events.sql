-- enriched_events: one row per event in the warehouse contract (docs/warehouse-contract.md), bridging the raw
-- tables of schema.sql. Every branch returns the same columns in the same order, NULL where a
-- column does not apply, with explicit casts so the UNION ALL types never depend on a literal.
--
-- Why it stays fast: each branch's loaded_at, event_id and account_id are plain columns of its
-- raw table (no expression around them), so PostgreSQL pushes the poll's keyset and account
-- filter into every branch and answers them from the (loaded_at, event_id) indexes of
-- indexes.sql. The cost of a poll follows the number of new rows, not the size of the tables.
--
-- Redshift: replace STRING_AGG(DISTINCT d.page_title, ', ' ORDER BY d.page_title) with
-- LISTAGG(DISTINCT d.page_title, ', ') WITHIN GROUP (ORDER BY d.page_title); see README.md.

CREATE OR REPLACE VIEW enriched_events AS

-- Web application requests. A failed request also carries the documentation pages the same
-- user read in the 24 hours before it: what they tried before giving up. This is a LEFT JOIN +
-- GROUP BY rather than a correlated subquery because Redshift rejects correlated subqueries in
-- a select list; every grouped column is a plain webserver column, so PostgreSQL still moves
-- the poll's filters below the aggregate.
SELECT
  w.event_id,
  w.loaded_at,
  w.occurred_at,
  CAST('webserver' AS text) AS source,
  CAST(
    CASE
      WHEN w.method = 'POST' AND w.url = '/plumbing/inputs' THEN 'add_input'
      WHEN w.method = 'POST' AND w.url = '/transform/functions/run' THEN 'code_engine_run'
      WHEN w.feature IS NOT NULL THEN 'feature_used'
      ELSE 'request'
    END AS text
  ) AS event_type,
  w.account_id,
  a.name AS account_name,
  w.user_name,
  w.user_email,
  w.method,
  w.url,
  w.status_code,
  -- No response at all (timeout) is a failure too; NULL would make `!is_response_ok` an error.
  COALESCE(w.status_code < 400, FALSE) AS is_response_ok,
  w.duration_ms,
  w.input_name,
  w.feature,
  CAST(STRING_AGG(DISTINCT d.page_title, ', ' ORDER BY d.page_title) AS text) AS pages_visited,
  CAST(NULL AS text) AS page_title,
  CAST(NULL AS text) AS system_name,
  CAST(NULL AS text) AS output_name,
  CAST(NULL AS text) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  CAST(NULL AS text) AS host,
  CAST(NULL AS text) AS severity,
  CAST(NULL AS text) AS description,
  CAST(NULL AS integer) AS docs_pages_last_hour
FROM webserver_events w
LEFT JOIN accounts a ON a.id = w.account_id
LEFT JOIN website_events d
  ON COALESCE(w.status_code >= 400, TRUE)
  AND d.visitor_email = w.user_email
  AND d.page_url LIKE '/docs/%'
  AND d.occurred_at > w.occurred_at - INTERVAL '1 day'
  AND d.occurred_at <= w.occurred_at
GROUP BY
  w.event_id, w.loaded_at, w.occurred_at, w.account_id, a.name, w.user_name, w.user_email,
  w.method, w.url, w.status_code, w.duration_ms, w.input_name, w.feature

UNION ALL

-- Backend logs know only their system; the account comes through systems_to_accounts.
SELECT
  b.event_id,
  b.loaded_at,
  b.occurred_at,
  CAST('backend' AS text) AS source,
  b.event_kind AS event_type,
  s.account_id,
  a.name AS account_name,
  CAST(NULL AS text) AS user_name,
  CAST(NULL AS text) AS user_email,
  CAST(NULL AS text) AS method,
  CAST(NULL AS text) AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  CAST(NULL AS text) AS input_name,
  CAST(NULL AS text) AS feature,
  CAST(NULL AS text) AS pages_visited,
  CAST(NULL AS text) AS page_title,
  b.system_name,
  b.output_name,
  b.table_name,
  b.rows_loaded,
  CAST(NULL AS text) AS host,
  CAST(NULL AS text) AS severity,
  b.message AS description,
  CAST(NULL AS integer) AS docs_pages_last_hour
FROM backend_logs b
LEFT JOIN systems_to_accounts s ON s.system_name = b.system_name
LEFT JOIN accounts a ON a.id = s.account_id

UNION ALL

-- Website page views: the account of an identified visitor, else the account whose e-mail
-- domain the visitor's address has (account_domains, schema.sql: one account per domain, MIN)
-- because two accounts sharing a domain must not duplicate a page view, and Redshift does not
-- enforce a UNIQUE constraint that would rule it out.
SELECT
  e.event_id,
  e.loaded_at,
  e.occurred_at,
  CAST('website' AS text) AS source,
  CAST('page_view' AS text) AS event_type,
  COALESCE(e.account_id, dom.account_id) AS account_id,
  COALESCE(ai.name, ad.name) AS account_name,
  e.visitor_name AS user_name,
  e.visitor_email AS user_email,
  CAST(NULL AS text) AS method,
  e.page_url AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  CAST(NULL AS text) AS input_name,
  CAST(NULL AS text) AS feature,
  CAST(NULL AS text) AS pages_visited,
  e.page_title,
  CAST(NULL AS text) AS system_name,
  CAST(NULL AS text) AS output_name,
  CAST(NULL AS text) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  CAST(NULL AS text) AS host,
  CAST(NULL AS text) AS severity,
  CAST(NULL AS text) AS description,
  -- A documentation page view also says how many documentation pages the same visitor read in
  -- the hour up to it (itself included): a burst of reading is a moment, one page is not.
  -- LEFT JOIN + GROUP BY, as for pages_visited, because Redshift has no correlated subqueries here.
  CAST(COUNT(r.event_id) AS integer) AS docs_pages_last_hour
FROM website_events e
LEFT JOIN accounts ai ON ai.id = e.account_id
LEFT JOIN website_events r
  ON e.page_url LIKE '/docs/%'
  AND r.visitor_email = e.visitor_email
  AND r.page_url LIKE '/docs/%'
  AND r.occurred_at > e.occurred_at - INTERVAL '1 hour'
  AND r.occurred_at <= e.occurred_at
LEFT JOIN account_domains dom
  ON e.account_id IS NULL AND dom.email_domain = SPLIT_PART(e.visitor_email, '@', 2)
LEFT JOIN accounts ad ON ad.id = dom.account_id
GROUP BY
  e.event_id, e.loaded_at, e.occurred_at, e.account_id, dom.account_id, ai.name, ad.name,
  e.visitor_name, e.visitor_email, e.page_url, e.page_title

UNION ALL

-- Monitoring alerts name a system, like backend logs.
SELECT
  z.event_id,
  z.loaded_at,
  z.occurred_at,
  CAST('monitoring' AS text) AS source,
  z.alert_type AS event_type,
  s.account_id,
  a.name AS account_name,
  CAST(NULL AS text) AS user_name,
  CAST(NULL AS text) AS user_email,
  CAST(NULL AS text) AS method,
  CAST(NULL AS text) AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  z.input_name,
  CAST(NULL AS text) AS feature,
  CAST(NULL AS text) AS pages_visited,
  CAST(NULL AS text) AS page_title,
  z.system_name,
  CAST(NULL AS text) AS output_name,
  CAST(NULL AS text) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  z.host,
  z.severity,
  z.description,
  CAST(NULL AS integer) AS docs_pages_last_hour
FROM zabbix_alerts z
LEFT JOIN systems_to_accounts s ON s.system_name = z.system_name
LEFT JOIN accounts a ON a.id = s.account_id;
