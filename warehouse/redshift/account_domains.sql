-- One account per company e-mail domain, for attributing anonymous website visits (see
-- ../schema.sql). MIN: two accounts sharing a domain must not duplicate a page view. AUTO REFRESH
-- keeps it current as accounts are loaded, without a refresh step in the sync job. Redshift has
-- no CREATE MATERIALIZED VIEW IF NOT EXISTS: to install again, DROP MATERIALIZED VIEW
-- account_domains CASCADE first (and then create enriched_events again).
CREATE MATERIALIZED VIEW account_domains
DISTSTYLE ALL
SORTKEY (email_domain)
AUTO REFRESH YES
AS
SELECT email_domain, MIN(id) AS account_id
FROM accounts
WHERE email_domain IS NOT NULL
GROUP BY email_domain;
