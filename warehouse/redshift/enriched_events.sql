-- enriched_events for Amazon Redshift: the view of ../enriched_events.sql, the same columns in the
-- same order, in Redshift's terms (checked with PostgreSQL's parser against what Redshift refuses,
-- test/warehouse/redshiftSql.test.ts; not run on a cluster here):
-- - LISTAGG(DISTINCT …) WITHIN GROUP (ORDER BY …) instead of STRING_AGG(DISTINCT … ORDER BY …);
--   its result is at most 65,535 bytes (a reader's distinct documentation pages of a day);
-- - explicit VARCHAR(n) instead of TEXT, which Redshift makes VARCHAR(256);
-- - the documentation pages of a failed request are a LEFT JOIN + GROUP BY, not a correlated
--   subquery, which Redshift refuses in a select list.
-- The poll's filters (loaded_at, event_id, account_id) are plain columns of each branch's table:
-- Redshift applies them to each branch, and the sort key skips the blocks before the cursor.
-- Needs schema.sql and account_domains.sql.

CREATE OR REPLACE VIEW enriched_events AS

-- Web application requests. A failed request also carries the documentation pages the same
-- user read in the 24 hours before it: what they tried before giving up. Both tables are
-- distributed on that e-mail address (schema.sql), so the join stays on one node.
SELECT
  w.event_id,
  w.loaded_at,
  w.occurred_at,
  CAST('webserver' AS VARCHAR(16)) AS source,
  CAST(
    CASE
      WHEN w.method = 'POST' AND w.url = '/plumbing/inputs' THEN 'add_input'
      WHEN w.method = 'POST' AND w.url = '/transform/functions/run' THEN 'code_engine_run'
      WHEN w.feature IS NOT NULL THEN 'feature_used'
      ELSE 'request'
    END AS VARCHAR(64)
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
  CAST(LISTAGG(DISTINCT d.page_title, ', ') WITHIN GROUP (ORDER BY d.page_title) AS VARCHAR(65535)) AS pages_visited,
  CAST(NULL AS VARCHAR(1024)) AS page_title,
  CAST(NULL AS VARCHAR(255)) AS system_name,
  CAST(NULL AS VARCHAR(255)) AS output_name,
  CAST(NULL AS VARCHAR(255)) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  CAST(NULL AS VARCHAR(255)) AS host,
  CAST(NULL AS VARCHAR(32)) AS severity,
  CAST(NULL AS VARCHAR(65535)) AS description,
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
  CAST('backend' AS VARCHAR(16)) AS source,
  b.event_kind AS event_type,
  s.account_id,
  a.name AS account_name,
  CAST(NULL AS VARCHAR(255)) AS user_name,
  CAST(NULL AS VARCHAR(255)) AS user_email,
  CAST(NULL AS VARCHAR(16)) AS method,
  CAST(NULL AS VARCHAR(65535)) AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  CAST(NULL AS VARCHAR(255)) AS input_name,
  CAST(NULL AS VARCHAR(255)) AS feature,
  CAST(NULL AS VARCHAR(65535)) AS pages_visited,
  CAST(NULL AS VARCHAR(1024)) AS page_title,
  b.system_name,
  b.output_name,
  b.table_name,
  b.rows_loaded,
  CAST(NULL AS VARCHAR(255)) AS host,
  CAST(NULL AS VARCHAR(32)) AS severity,
  b.message AS description,
  CAST(NULL AS integer) AS docs_pages_last_hour
FROM backend_logs b
LEFT JOIN systems_to_accounts s ON s.system_name = b.system_name
LEFT JOIN accounts a ON a.id = s.account_id

UNION ALL

-- Website page views: the account of an identified visitor, else the account whose e-mail
-- domain the visitor's address has (account_domains.sql: one account per domain, MIN)
-- because two accounts sharing a domain must not duplicate a page view, and Redshift does not
-- enforce a UNIQUE constraint that would rule it out.
SELECT
  e.event_id,
  e.loaded_at,
  e.occurred_at,
  CAST('website' AS VARCHAR(16)) AS source,
  CAST('page_view' AS VARCHAR(64)) AS event_type,
  COALESCE(e.account_id, dom.account_id) AS account_id,
  COALESCE(ai.name, ad.name) AS account_name,
  e.visitor_name AS user_name,
  e.visitor_email AS user_email,
  CAST(NULL AS VARCHAR(16)) AS method,
  e.page_url AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  CAST(NULL AS VARCHAR(255)) AS input_name,
  CAST(NULL AS VARCHAR(255)) AS feature,
  CAST(NULL AS VARCHAR(65535)) AS pages_visited,
  e.page_title,
  CAST(NULL AS VARCHAR(255)) AS system_name,
  CAST(NULL AS VARCHAR(255)) AS output_name,
  CAST(NULL AS VARCHAR(255)) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  CAST(NULL AS VARCHAR(255)) AS host,
  CAST(NULL AS VARCHAR(32)) AS severity,
  CAST(NULL AS VARCHAR(65535)) AS description,
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
  CAST('monitoring' AS VARCHAR(16)) AS source,
  z.alert_type AS event_type,
  s.account_id,
  a.name AS account_name,
  CAST(NULL AS VARCHAR(255)) AS user_name,
  CAST(NULL AS VARCHAR(255)) AS user_email,
  CAST(NULL AS VARCHAR(16)) AS method,
  CAST(NULL AS VARCHAR(65535)) AS url,
  CAST(NULL AS integer) AS status_code,
  CAST(NULL AS boolean) AS is_response_ok,
  CAST(NULL AS integer) AS duration_ms,
  z.input_name,
  CAST(NULL AS VARCHAR(255)) AS feature,
  CAST(NULL AS VARCHAR(65535)) AS pages_visited,
  CAST(NULL AS VARCHAR(1024)) AS page_title,
  z.system_name,
  CAST(NULL AS VARCHAR(255)) AS output_name,
  CAST(NULL AS VARCHAR(255)) AS table_name,
  CAST(NULL AS integer) AS rows_loaded,
  z.host,
  z.severity,
  z.description,
  CAST(NULL AS integer) AS docs_pages_last_hour
FROM zabbix_alerts z
LEFT JOIN systems_to_accounts s ON s.system_name = z.system_name
LEFT JOIN accounts a ON a.id = s.account_id;
