// pg's own encoder of bound values (arrays as array literals, dates, buffers), which its Query and
// pg-cursor use; @types/pg does not declare the subpath pg exports it under.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): unknown
}
