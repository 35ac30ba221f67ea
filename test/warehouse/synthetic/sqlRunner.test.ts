import { describe, expect, it } from 'vitest'
import { splitSqlStatements } from '../../../warehouse/synthetic/sqlRunner.ts'

describe('splitSqlStatements', () => {
  it('splits at semicolons outside quotes and comments', () => {
    const script = `
      -- a comment; with a semicolon
      CREATE TABLE a (x text DEFAULT 'semi;colon'); /* block; comment */
      SELECT 'it''s; fine' AS "odd;name";
      SELECT 3`
    expect(splitSqlStatements(script)).toEqual([
      `CREATE TABLE a (x text DEFAULT 'semi;colon')`,
      `SELECT 'it''s; fine' AS "odd;name"`,
      'SELECT 3',
    ])
  })
})
