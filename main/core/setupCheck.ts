/** One finding of `moments doctor`. A failed `config` check makes it exit 2, a failed `service` check 1. */
export interface SetupCheck {
  name: string
  verdict: 'ok' | 'warn' | 'fail'
  detail: string
  kind: 'config' | 'service' | 'info'
}
