import { parseCondition } from './celCondition.ts'

/**
 * The account fields a condition reads (`account.Type`, `account.Owner.Name`, `account["Industry"]`),
 * from its syntax tree: what "Why you got this" names and what `moments doctor` checks against
 * `salesforce.accountFields`. A field inside a string literal is no field. [] when it does not parse.
 */
export function accountFieldsUsed(expression: string): string[] {
  let ast: unknown
  try {
    ast = parseCondition(expression).ast
  } catch {
    return []
  }
  const found = new Set<string>()
  visit(ast, found)
  const paths = [...found]
  // `account.Owner.Name` also walks through `account.Owner`: name the field, not the way to it.
  return paths.filter((path) => !paths.some((other) => other.startsWith(`${path}.`)))
}

interface Node {
  op: string
  args: unknown
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value
}

function visit(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, found)
    return
  }
  if (!isNode(value)) return
  const path = accountPath(value)
  if (path && path.length > 0) found.add(path.join('.'))
  visit(value.args, found)
}

/** `account.A.B` as ['A', 'B']; [] for `account` itself; null for anything else. */
function accountPath(node: Node): string[] | null {
  if (node.op === 'id') return node.args === 'account' ? [] : null
  if ((node.op === '.' || node.op === '[]') && Array.isArray(node.args)) {
    const [base, key] = node.args as [unknown, unknown]
    if (!isNode(base)) return null
    const head = accountPath(base)
    if (head === null) return null
    const name = node.op === '.' ? key : isNode(key) && key.op === 'value' ? key.args : null
    return typeof name === 'string' ? [...head, name] : null
  }
  return null
}
