// Row shapes of the raw tables of warehouse/schema.sql, keyed by column name.

export interface AccountRow {
  id: string
  loaded_at: Date
  name: string
  owner_id: string | null
  email_domain: string | null
}

export interface SystemToAccountRow {
  system_name: string
  loaded_at: Date
  account_id: string
}

export interface WebserverEventRow {
  event_id: string
  loaded_at: Date
  occurred_at: Date
  account_id: string | null
  user_email: string | null
  user_name: string | null
  method: string
  url: string
  status_code: number | null
  duration_ms: number | null
  input_name: string | null
  feature: string | null
}

export interface BackendLogRow {
  event_id: string
  loaded_at: Date
  occurred_at: Date
  system_name: string
  event_kind: string
  output_name: string | null
  table_name: string | null
  rows_loaded: number | null
  message: string | null
}

export interface WebsiteEventRow {
  event_id: string
  loaded_at: Date
  occurred_at: Date
  visitor_email: string | null
  visitor_name: string | null
  account_id: string | null
  page_url: string
  page_title: string | null
  referrer: string | null
}

export interface ZabbixAlertRow {
  event_id: string
  loaded_at: Date
  occurred_at: Date
  host: string
  system_name: string | null
  alert_type: string
  severity: string
  input_name: string | null
  description: string | null
}

export interface UserAggregatedActivityRow {
  id: string
  loaded_at: Date
  /** YYYY-MM-DD (UTC day) */
  activity_date: string
  user_email: string
  account_id: string | null
  requests: number
  failed_requests: number
  documentation_pages_visited: number
  documentation_pages: string | null
}

/** The event tables: what the generator produces for a period. */
export interface EventTables {
  webserver_events: WebserverEventRow[]
  backend_logs: BackendLogRow[]
  website_events: WebsiteEventRow[]
  zabbix_alerts: ZabbixAlertRow[]
}

export interface RawTables extends EventTables {
  accounts: AccountRow[]
  systems_to_accounts: SystemToAccountRow[]
  user_aggregated_activity: UserAggregatedActivityRow[]
}

export function emptyEventTables(): EventTables {
  return { webserver_events: [], backend_logs: [], website_events: [], zabbix_alerts: [] }
}

export function countEventRows(tables: EventTables): number {
  return (
    tables.webserver_events.length +
    tables.backend_logs.length +
    tables.website_events.length +
    tables.zabbix_alerts.length
  )
}
