import type { z } from 'zod'

/** A config or rules problem the user must fix: the CLI prints it and exits 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** `warehouse.pollInterval: "15x" is not a duration …` — the key first, then the reason. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${[...path, key].join('.')}: unknown key`).join('\n')
    }
    const where = path.length ? path.join('.') : '(top level)'
    return `${where}: ${issue.message}`
  })
}

export function configErrorFrom(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
) {
  const problems = describeIssues(issues, prefix).flatMap((line) => line.split('\n'))
  return new ConfigError(
    `${file}: ${problems.join('; ')}`,
    problems.map((p) => `${file}: ${p}`),
  )
}
