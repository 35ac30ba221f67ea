// Words that make synthetic rows read like a real customer base of a data platform.

export const COMPANY_FIRST = [
  'Northwind',
  'Bluefin',
  'Cobalt',
  'Juniper',
  'Granite',
  'Silverline',
  'Harbor',
  'Maple',
  'Quantum',
  'Redwood',
  'Summit',
  'Tidal',
  'Vertex',
  'Willow',
  'Aurora',
  'Beacon',
  'Cedar',
  'Everest',
  'Falcon',
  'Horizon',
  'Ironclad',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchid',
  'Pioneer',
  'Sable',
  'Trident',
  'Zephyr',
] as const

export const COMPANY_SECOND = [
  'Analytics',
  'Retail',
  'Logistics',
  'Health',
  'Foods',
  'Energy',
  'Media',
  'Travel',
  'Insurance',
  'Bank',
  'Labs',
  'Apparel',
  'Motors',
  'Games',
  'Pharma',
  'Telecom',
] as const

export const COMPANY_SUFFIX = ['', '', '', ' Inc.', ' Ltd', ' GmbH', ' s.r.o.', ' Group'] as const

export const FIRST_NAMES = [
  'Alice',
  'Bruno',
  'Chen',
  'Dana',
  'Elif',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kavya',
  'Lars',
  'Maya',
  'Nikolai',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sven',
  'Tereza',
  'Umar',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zuzana',
  'Petr',
  'Emma',
  'Liam',
  'Sofia',
] as const

export const LAST_NAMES = [
  'Novak',
  'Schmidt',
  'Garcia',
  'Okafor',
  'Tanaka',
  'Dvorak',
  'Larsen',
  'Moreau',
  'Rossi',
  'Kowalski',
  'Silva',
  'Nguyen',
  'Haddad',
  'Johansson',
  'Fischer',
  'Kim',
  'Patel',
  'Svoboda',
  'Murphy',
  'Weber',
  'Costa',
  'Horvat',
  'Jensen',
  'Ivanova',
] as const

/** Data sources a customer connects ("inputs"). */
export const INPUTS = [
  'Google Analytics',
  'Salesforce',
  'MySQL',
  'PostgreSQL',
  'Facebook Ads',
  'HubSpot',
  'Shopify',
  'Google Sheets',
  'Zendesk',
  'Stripe',
  'Jira',
  'Microsoft SQL Server',
] as const

/** Product features whose use the web server tags, with the page that uses them. */
export const FEATURES = [
  ['Flows', 'POST', '/flows/run'],
  ['Data Apps', 'POST', '/data-apps/deploy'],
  ['Snowflake writer', 'POST', '/plumbing/outputs/snowflake'],
  ['Data Catalog', 'GET', '/catalog'],
  ['Workspaces', 'POST', '/workspaces'],
  ['Python transformations', 'POST', '/transform/python'],
  ['AI assistant', 'POST', '/assistant/ask'],
  ['Lineage', 'GET', '/lineage'],
  ['Scheduled exports', 'POST', '/exports/schedules'],
] as const

/** Ordinary requests that are none of the critical moments. */
export const PLAIN_REQUESTS = [
  ['GET', '/dashboard'],
  ['GET', '/storage/tables'],
  ['GET', '/plumbing/inputs'],
  ['GET', '/flows'],
  ['GET', '/jobs'],
  ['GET', '/settings/users'],
  ['GET', '/transform/functions'],
] as const

/** Where backend jobs write their events. */
export const OUTPUTS = [
  'Snowflake',
  'BigQuery',
  'Tableau',
  'Google Sheets',
  'Looker Studio',
  'Power BI',
] as const

export const TABLES = [
  'in.c-crm.opportunities',
  'in.c-shop.orders',
  'in.c-ga.sessions',
  'in.c-ads.campaigns',
  'out.c-sales.daily_revenue',
  'out.c-marketing.attribution',
  'out.c-support.ticket_stats',
] as const

/** Documentation pages, the ones read before or after a failure. */
export const DOC_PAGES = [
  ['/docs/getting-started', 'Docs: Getting started'],
  ['/docs/inputs/adding-inputs', 'Docs: Adding inputs'],
  ['/docs/inputs/troubleshooting', 'Docs: Troubleshooting inputs'],
  ['/docs/inputs/authorization', 'Docs: Authorizing inputs'],
  ['/docs/transformations/code-engine', 'Docs: Code Engine'],
  ['/docs/flows', 'Docs: Flows'],
  ['/docs/outputs/snowflake', 'Docs: Snowflake writer'],
  ['/docs/data-apps', 'Docs: Data Apps'],
] as const

/** Documentation pages someone who just failed to add an input is likely to read. */
export const INPUT_HELP_PAGES = DOC_PAGES.slice(0, 4)

export const MARKETING_PAGES = [
  ['/pricing', 'Pricing'],
  ['/pricing/enterprise', 'Pricing: Enterprise'],
  ['/', 'Home'],
  ['/customers', 'Customer stories'],
  ['/blog/modern-data-stack', 'Blog: The modern data stack'],
  ['/integrations', 'Integrations'],
] as const

export const REFERRERS = [
  'https://www.google.com/',
  'https://www.linkedin.com/',
  'https://app.example.com/',
  null,
] as const

/** Addresses of visitors that no account can claim. */
export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'] as const

export const MONITORING_HOSTS = [
  'ingest-01.eu-central',
  'ingest-02.eu-central',
  'ingest-01.us-east',
  'ingest-02.us-east',
] as const
