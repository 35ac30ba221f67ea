// `env:NAME` values keep secrets out of moments.yaml: they are read from the environment
// while loading, and the resolved values are never written back anywhere.

const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/

export interface UnsetReference {
  path: string
  variable: string
}

/** Returns a copy of the parsed YAML with every `env:NAME` string replaced. */
export function resolveEnvReferences(
  value: unknown,
  env: NodeJS.ProcessEnv,
  unset: UnsetReference[],
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    const match = ENV_REFERENCE.exec(value.trim())
    if (!match) return value
    const variable = match[1] as string
    const resolved = env[variable]
    if (resolved === undefined || resolved === '') {
      unset.push({ path: path.join('.'), variable })
      return value
    }
    return resolved
  }
  if (Array.isArray(value))
    return value.map((item, i) => resolveEnvReferences(item, env, unset, [...path, String(i)]))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveEnvReferences(item, env, unset, [...path, key]),
      ]),
    )
  }
  return value
}
