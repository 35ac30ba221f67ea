import { describe, expect, it } from 'vitest'
import { queryBody, subquery } from '../../../main/core/warehouse/userQuery.ts'

// warehouse.query goes inside Moments' statements: what ends it must not end them.

describe('the user query as a subquery', () => {
  it.each([
    ['SELECT * FROM e', 'SELECT * FROM e'],
    ['SELECT * FROM e;', 'SELECT * FROM e'],
    ['SELECT * FROM e ; ;\n', 'SELECT * FROM e'],
    ['SELECT * FROM e -- the view', 'SELECT * FROM e'],
    ['SELECT * FROM e; -- done\n-- really', 'SELECT * FROM e'],
    ['SELECT * FROM e /* a /* nested */ note */ ;', 'SELECT * FROM e'],
    ["SELECT '--not a comment;' AS x", "SELECT '--not a comment;' AS x"],
    ["SELECT 'it''s;' AS x -- yes", "SELECT 'it''s;' AS x"],
    [String.raw`SELECT E'a\';' AS x;`, String.raw`SELECT E'a\';' AS x`],
    ['SELECT $$ -- ; $$ AS x;', 'SELECT $$ -- ; $$ AS x'],
    ['SELECT $tag$ ; $tag$ AS x', 'SELECT $tag$ ; $tag$ AS x'],
    ['SELECT "odd;--name" FROM e', 'SELECT "odd;--name" FROM e'],
  ])('%j → %j', (query, body) => {
    expect(queryBody(query)).toBe(body)
  })

  it('keeps a second statement, which the server then refuses as a syntax error', () => {
    expect(subquery('SELECT 1; DELETE FROM accounts -- x')).toBe('(\nSELECT 1; DELETE FROM accounts\n)')
  })
})
