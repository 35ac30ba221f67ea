// pg's own encoder of bound values (arrays as array literals, dates, buffers), which its Query and
// pg-cursor use; @types/pg does not declare the subpath pg exports it under.
// A CommonJS module: read through its default export, which is `module.exports` both when Node
// imports it and when the CLI's bundle does (named exports are Node's guess, not the bundle's).
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown }
  export default utils
}
