import { createPublicKey } from 'node:crypto'
import { ProviderError } from 'or3-provider-kit'
import type { ProviderFactoryContext } from 'or3-provider-kit/server'

/** The env vars Clerk's Nuxt SDK reads, so one built image serves any Clerk instance. */
export const CLERK_ENV = {
  publishableKey: 'NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
  secretKey: 'NUXT_CLERK_SECRET_KEY',
  jwtKey: 'NUXT_CLERK_JWT_KEY',
  apiUrl: 'NUXT_CLERK_API_URL',
  proxyUrl: 'NUXT_PUBLIC_CLERK_PROXY_URL',
  jsUrl: 'NUXT_PUBLIC_CLERK_JS_URL',
  uiUrl: 'NUXT_PUBLIC_CLERK_UI_URL',
  allowTestKeys: 'OR3_CLERK_ALLOW_TEST_KEYS',
} as const

/** How long a user's email and name are reused before the Backend API is asked again. */
export const USER_CACHE_TTL_MS = 60 * 1000

export type ClerkInstanceType = 'production' | 'development'

/** Everything the Clerk provider reads from env and the cloud config, resolved once at boot. */
export interface ClerkSettings {
  publishableKey: string
  /** Never logged, never sent to a browser: only the Backend API client holds it. */
  secretKey: string
  /** PEM public key: with it, session tokens verify with no network call. */
  jwtKey: string | null
  /** The Backend API; null means the one the publishable key names. */
  apiUrl: string | null
  /** Where browsers reach the Frontend API when it is proxied through the deployment's own domain. */
  proxyUrl: string | null
  /** Where browsers load clerk-js and Clerk's UI from when self-hosted (a URL or a path); null: the Frontend API. */
  jsUrl: string | null
  uiUrl: string | null
  /** `pk_live_` keys belong to a production instance, `pk_test_` keys to a development one. */
  instanceType: ClerkInstanceType
  /** The Frontend API host the publishable key names (what browsers talk to). */
  frontendApi: string
  production: boolean
  /** Test keys on a production server, allowed by OR3_CLERK_ALLOW_TEST_KEYS=true. */
  testKeysInProduction: boolean
  /**
   * Origins a session token may have been made for (its `azp`). Empty outside production means
   * "the origin the request was sent to", which only protects browsers: production requires them.
   */
  authorizedParties: string[]
  trustProxy: boolean
}

/** Reads and checks the settings; a misconfiguration stops the server with one actionable sentence. */
export function resolveClerkSettings({ config, env }: ProviderFactoryContext): ClerkSettings {
  const production = env.NODE_ENV === 'production'
  const publishableKey = readTrimmed(env, CLERK_ENV.publishableKey)
  const secretKey = readTrimmed(env, CLERK_ENV.secretKey)
  if (!publishableKey || !secretKey) {
    refuse(
      `Clerk sign-in needs the instance's API keys: set ${CLERK_ENV.publishableKey} and ${CLERK_ENV.secretKey} ` +
        '(Clerk dashboard → API keys)',
    )
  }
  const { instanceType, frontendApi } = parsePublishableKey(publishableKey)
  if (!/^sk_(?:live|test)_\S+$/.test(secretKey)) {
    refuse(`${CLERK_ENV.secretKey} is not a Clerk secret key: it starts with sk_live_ or sk_test_`)
  }
  if ((instanceType === 'production') !== secretKey.startsWith('sk_live_')) {
    refuse(`${CLERK_ENV.publishableKey} and ${CLERK_ENV.secretKey} belong to different kinds of Clerk instance (live and test)`)
  }
  const allowTestKeys = readBoolean(env, CLERK_ENV.allowTestKeys)
  if (production && instanceType === 'development' && !allowTestKeys) {
    refuse(
      'Clerk test keys (pk_test_, sk_test_) belong to a development instance: use the production instance\'s keys, ' +
        `or set ${CLERK_ENV.allowTestKeys}=true to run this production server against a development instance`,
    )
  }
  const authorizedParties = config.security.allowedOrigins.map((origin) => normalizeOrigin(origin))
  if (production && authorizedParties.length === 0) {
    refuse(
      'Clerk checks which site a session token was made for: set OR3_ALLOWED_ORIGINS to the public origin ' +
        'of this deployment (e.g. https://chat.example.com)',
    )
  }
  return {
    publishableKey,
    secretKey,
    jwtKey: readJwtKey(env),
    apiUrl: readUrl(env, CLERK_ENV.apiUrl),
    proxyUrl: readUrlOrPath(env, CLERK_ENV.proxyUrl),
    jsUrl: readUrlOrPath(env, CLERK_ENV.jsUrl),
    uiUrl: readUrlOrPath(env, CLERK_ENV.uiUrl),
    instanceType,
    frontendApi,
    production,
    testKeysInProduction: production && instanceType === 'development',
    authorizedParties,
    trustProxy: config.security.trustProxy,
  }
}

/** `pk_live_` or `pk_test_` + base64 of `"<frontend-api-host>$"`. */
export function parsePublishableKey(key: string): { instanceType: ClerkInstanceType; frontendApi: string } {
  const match = /^pk_(live|test)_([\w+/=-]+)$/.exec(key)
  const decoded = match ? Buffer.from(match[2]!, 'base64').toString('utf8') : ''
  if (!match || !/^[a-z0-9.-]+(?::\d{1,5})?\$$/i.test(decoded)) {
    refuse(`${CLERK_ENV.publishableKey} is not a Clerk publishable key: it starts with pk_live_ or pk_test_`)
  }
  return { instanceType: match[1] === 'live' ? 'production' : 'development', frontendApi: decoded.slice(0, -1) }
}

function readJwtKey(env: ProviderFactoryContext['env']): string | null {
  const raw = readTrimmed(env, CLERK_ENV.jwtKey)
  if (!raw) return null
  // Dashboards show the PEM; env files often carry it on one line with literal \n.
  const pem = raw.replace(/\\n/g, '\n')
  if (!isRsa2048PublicKey(pem)) {
    refuse(`${CLERK_ENV.jwtKey} is not the instance's PEM public key (Clerk dashboard → API keys → JWT public key)`)
  }
  return pem
}

function isRsa2048PublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'rsa' && key.asymmetricKeyDetails?.modulusLength === 2048
  } catch {
    return false
  }
}

/**
 * A browser-facing URL may also be a path on the app's own origin: a proxy (`/__clerk`) forwarded
 * by a reverse proxy, or scripts the app serves itself.
 */
function readUrlOrPath(env: ProviderFactoryContext['env'], name: string): string | null {
  const raw = readTrimmed(env, name)
  if (/^\/(?!\/)\S*$/.test(raw)) return raw
  return readUrl(env, name)
}

function readUrl(env: ProviderFactoryContext['env'], name: string): string | null {
  const raw = readTrimmed(env, name)
  if (!raw) return null
  const url = URL.canParse(raw) ? new URL(raw) : null
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    refuse(`${name} must be an http(s) URL (got '${raw}')`)
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}

function normalizeOrigin(value: string): string {
  try {
    return new URL(value).origin
  } catch {
    refuse(`OR3_ALLOWED_ORIGINS must list origins such as https://chat.example.com (got '${value}')`)
  }
}

function readTrimmed(env: ProviderFactoryContext['env'], name: string): string {
  return env[name]?.trim() ?? ''
}

function readBoolean(env: ProviderFactoryContext['env'], name: string): boolean {
  const raw = readTrimmed(env, name).toLowerCase()
  if (raw === '') return false
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true
  if (['0', 'false', 'off', 'no'].includes(raw)) return false
  refuse(`${name} must be true or false (got '${env[name]}')`)
}

function refuse(message: string): never {
  throw new ProviderError('NOT_CONFIGURED', message)
}
