/**
 * Salesforce record Ids: 15 case-sensitive characters, or 18 whose last three encode the case of
 * the first fifteen so the Id survives case-insensitive tools (spreadsheets, SQL collations).
 */

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'

/** The 18-character form of a 15- or 18-character Id. */
export function toCaseSafeId(id: string): string {
  const base = id.slice(0, 15)
  let suffix = ''
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0
    for (let i = 0; i < 5; i++) {
      const char = base.charAt(chunk * 5 + i)
      if (char >= 'A' && char <= 'Z') bits |= 1 << i
    }
    suffix += SUFFIX_ALPHABET.charAt(bits)
  }
  return base + suffix
}

/**
 * True for a well-formed Id. An 18-character Id must also carry the right suffix: a typo in a
 * configured user Id would otherwise match no account at all and look like an empty book.
 */
export function isSalesforceId(value: string): boolean {
  if (!ID_SHAPE.test(value)) return false
  return value.length === 15 || toCaseSafeId(value) === value
}
