import type { Random } from './random.ts'

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'

/**
 * A random 18-character Salesforce Id with the given 3-character key prefix ('001' = Account).
 * The last three characters are Salesforce's case-safe checksum, so the ids survive a
 * validator that checks it.
 */
export function randomSalesforceId(random: Random, keyPrefix: string): string {
  let id = keyPrefix
  while (id.length < 15) id += random.pick([...ID_CHARS])
  return id + caseSafeSuffix(id)
}

/** Each 5-character chunk gives one letter: bit i set when character i is an upper-case letter. */
export function caseSafeSuffix(id15: string): string {
  let suffix = ''
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0
    for (let i = 0; i < 5; i++) {
      const ch = id15[chunk * 5 + i] ?? ''
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i
    }
    suffix += SUFFIX_CHARS[bits]
  }
  return suffix
}
