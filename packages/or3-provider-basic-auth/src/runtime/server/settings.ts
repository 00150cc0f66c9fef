import { join } from 'node:path'
import type { Or3CloudConfig } from 'or3-provider-kit'
import { resolveDataDir, resolveSecret, type ProviderFactoryContext } from 'or3-provider-kit/server'
import { normalizeEmail } from './email'

/** Password length bounds, in Unicode code points after NFC normalization. */
export const DEFAULT_MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 1024

export const ACCESS_TOKEN_TTL_MS = 15 * 60 * 1000
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000
/**
 * Tabs of one browser that refresh at the same moment all present the same refresh token; the
 * ones that lose the race within this window get the winner's session instead of a reuse alarm.
 */
export const REFRESH_REUSE_GRACE_MS = 10 * 1000

export interface BootstrapAdmin {
  email: string
  /** Held in memory only to hash it once at boot; never logged. */
  password: string
}

/** Everything basic-auth reads from env and the cloud config, resolved once at boot. */
export interface BasicAuthSettings {
  databasePath: string
  secret: string
  /** 'generated' when the secret came from `<data dir>/secrets.json` rather than the env. */
  secretSource: 'env' | 'generated'
  minPasswordLength: number
  cookieSecure: boolean
  registration: Or3CloudConfig['auth']['registration']
  /** May register even when registration is closed (the host makes it an admin). */
  bootstrapAdminEmail: string | null
  bootstrapAdmin: BootstrapAdmin | null
  allowedOrigins: string[]
  trustProxy: boolean
  production: boolean
}

export function resolveBasicAuthSettings({ config, env }: ProviderFactoryContext): BasicAuthSettings {
  const production = env.NODE_ENV === 'production'
  const secretFromEnv = Boolean(env.OR3_BASIC_AUTH_SECRET)
  const rawBootstrapEmail = readTrimmed(env, 'OR3_BOOTSTRAP_ADMIN_EMAIL') ?? config.auth.bootstrapAdminEmail
  const bootstrapAdminEmail = rawBootstrapEmail ? normalizeEmail(rawBootstrapEmail) : null
  const bootstrapPassword = env.OR3_BOOTSTRAP_ADMIN_PASSWORD || undefined
  if (bootstrapPassword !== undefined && !bootstrapAdminEmail) {
    throw new Error('OR3_BOOTSTRAP_ADMIN_PASSWORD is set but OR3_BOOTSTRAP_ADMIN_EMAIL is not: set both, or neither')
  }
  return {
    databasePath: readTrimmed(env, 'OR3_BASIC_AUTH_DB') ?? join(resolveDataDir(env), 'basic-auth.sqlite'),
    secret: resolveSecret({ env, envVar: 'OR3_BASIC_AUTH_SECRET', name: 'basic-auth-secret' }),
    secretSource: secretFromEnv ? 'env' : 'generated',
    minPasswordLength: readMinPasswordLength(env),
    cookieSecure: readBoolean(env, 'OR3_COOKIE_SECURE', production),
    registration: config.auth.registration,
    bootstrapAdminEmail,
    bootstrapAdmin:
      bootstrapAdminEmail && bootstrapPassword ? { email: bootstrapAdminEmail, password: bootstrapPassword } : null,
    allowedOrigins: config.security.allowedOrigins,
    trustProxy: config.security.trustProxy,
    production,
  }
}

function readTrimmed(env: ProviderFactoryContext['env'], name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function readMinPasswordLength(env: ProviderFactoryContext['env']): number {
  const raw = readTrimmed(env, 'OR3_BASIC_AUTH_MIN_PASSWORD')
  if (raw === undefined) return DEFAULT_MIN_PASSWORD_LENGTH
  const value = Number(raw)
  // Below 8 a password falls to an offline guess quickly even with argon2id.
  if (!Number.isInteger(value) || value < 8 || value > MAX_PASSWORD_LENGTH) {
    throw new Error(`OR3_BASIC_AUTH_MIN_PASSWORD must be a whole number from 8 to ${MAX_PASSWORD_LENGTH} (got '${raw}')`)
  }
  return value
}

function readBoolean(env: ProviderFactoryContext['env'], name: string, fallback: boolean): boolean {
  const raw = readTrimmed(env, name)?.toLowerCase()
  if (raw === undefined) return fallback
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true
  if (['0', 'false', 'off', 'no'].includes(raw)) return false
  throw new Error(`${name} must be true or false (got '${env[name]}')`)
}
