// The default rules beside a bundle that reads them (`new URL('./defaultRules.yaml', import.meta.url)`
// in main/core/rules/loadRules.ts): the YAML as written, and the same rules parsed, as JSON, which
// the bundle reads instead of parsing the YAML at each start (~20 ms of it).
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'

export const DEFAULT_RULES = 'main/core/rules/defaultRules.yaml'

export function placeDefaultRules(root: string, out: string): void {
  const source = join(root, DEFAULT_RULES)
  cpSync(source, join(out, 'defaultRules.yaml'))
  writeFileSync(
    join(out, 'defaultRules.json'),
    `${JSON.stringify(parseYaml(readFileSync(source, 'utf8')))}\n`,
  )
}
