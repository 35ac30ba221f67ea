// Untrusted text (event fields, servers' answers) can carry C0 and C1 control characters and
// Unicode's line separators. Each target decides what becomes of them; these name them once.
// Global patterns: for String.replace only (a global RegExp's test() keeps state between calls).

/** Runs of control characters, line breaks included, and U+2028/U+2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: naming control characters is this module's job
export const CONTROL_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** Each control character but tab and line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: naming control characters is this module's job
export const CONTROL_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
