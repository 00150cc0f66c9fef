/** Small typed readers over an env map; each error names the variable and what it accepts. */
export type EnvMap = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export function readString(env: EnvMap, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

export function readBoolean(env: EnvMap, name: string, fallback: boolean): boolean {
  const value = readString(env, name)?.toLowerCase()
  if (value === undefined) return fallback
  if (['1', 'true', 'on', 'yes'].includes(value)) return true
  if (['0', 'false', 'off', 'no'].includes(value)) return false
  throw new ConfigError(`${name} must be true or false (got '${env[name]}')`)
}

export function readInteger(env: EnvMap, name: string, fallback: number, min = 0): number {
  const value = readString(env, name)
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new ConfigError(`${name} must be a whole number ≥ ${min} (got '${value}')`)
  }
  return parsed
}

export function readChoice<T extends string>(env: EnvMap, name: string, choices: readonly T[], fallback: T): T {
  const value = readString(env, name)
  if (value === undefined) return fallback
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${choices.join(', ')} (got '${value}')`)
  }
  return value as T
}

export function readList(env: EnvMap, name: string, fallback: string[]): string[] {
  const value = readString(env, name)
  if (value === undefined) return fallback
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** A provider id, or `none` to turn the surface off. */
export function readProviderId(env: EnvMap, name: string): string | null | undefined {
  const value = readString(env, name)
  if (value === undefined) return undefined
  if (value === 'none') return null
  if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) {
    throw new ConfigError(`${name} must be a provider id such as 'sqlite', or 'none' (got '${value}')`)
  }
  return value
}
