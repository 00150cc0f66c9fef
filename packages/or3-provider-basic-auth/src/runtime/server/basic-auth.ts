import type { Database } from 'bun:sqlite'
import { ProviderError, type AuthProvider, type ProviderAdminAdapter, type ProviderTokenBroker } from 'or3-provider-kit'
import type { ProviderFactoryContext } from 'or3-provider-kit/server'
import { createBasicAuthAdminAdapter } from './admin-adapter'
import { ATTEMPT_RULES, createAttemptLimiter, type AttemptRule, type AttemptRuleSettings } from './attempt-limits'
import { createAuthService, type AuthService } from './auth-service'
import { createBasicAuthProvider } from './auth-provider'
import { createSignInBackoff, SIGN_IN_BACKOFF, type SignInBackoffSettings } from './sign-in-backoff'
import { ensureBootstrapAdmin } from './bootstrap-admin'
import { openAccountsDatabase } from './database'
import { resolveBasicAuthSettings, type BasicAuthSettings } from './settings'
import { basicAuthIssuer, resolveBasicAuthSigningKey } from './jwt-issuer'
import { createBasicAuthTokenBroker } from './token-broker'

/** One basic-auth deployment: its database, its settings, and every contract built on them. */
export interface BasicAuth {
  settings: BasicAuthSettings
  service: AuthService
  authProvider: AuthProvider
  tokenBroker: ProviderTokenBroker
  admin: ProviderAdminAdapter
  now: () => number
  close(): void
}

export interface BasicAuthOptions {
  /** Clock, for tests; `Date.now` otherwise. */
  now?: () => number
  /** Replaces some attempt limits (tests use small ones to stay fast). */
  attemptRules?: Partial<Record<AttemptRule, AttemptRuleSettings>>
  /** Replaces some of the pause between failed sign-ins (tests). */
  signInBackoff?: Partial<SignInBackoffSettings>
}

/** Opens the accounts database, creates the bootstrap admin when configured, and wires the contracts. */
export function createBasicAuth(ctx: ProviderFactoryContext, options: BasicAuthOptions = {}): BasicAuth {
  const now = options.now ?? Date.now
  const settings = resolveBasicAuthSettings(ctx)
  const db: Database = openAccountsDatabase(settings.databasePath)
  try {
    ensureBootstrapAdmin(db, settings, now())
  } catch (error) {
    db.close()
    throw error
  }
  const limiter = createAttemptLimiter(ctx, now, { ...ATTEMPT_RULES, ...options.attemptRules })
  const backoff = createSignInBackoff(now, { ...SIGN_IN_BACKOFF, ...options.signInBackoff })
  const service = createAuthService({ db, settings, limiter, backoff, now })
  return {
    settings,
    service,
    authProvider: createBasicAuthProvider(service),
    tokenBroker: createBasicAuthTokenBroker({
      service,
      issuer: basicAuthIssuer(ctx.env),
      signingKey: memoize(() => resolveBasicAuthSigningKey(ctx.env)),
      now,
    }),
    admin: createBasicAuthAdminAdapter(service, settings),
    now,
    close: () => db.close(),
  }
}

/** `load` once it succeeded; a failure (an unwritable data folder) is tried again next time. */
function memoize<T>(load: () => T): () => T {
  let value: { loaded: T } | null = null
  return () => (value ??= { loaded: load() }).loaded
}

// The process's instance. The registries create it when core resolves the 'basic-auth' auth
// provider at boot; the routes read it from here, so they are live only on a server that
// actually selected basic-auth.
const INSTANCE_KEY = Symbol.for('or3.provider-basic-auth.instance')
type Holder = typeof globalThis & { [INSTANCE_KEY]?: BasicAuth }

/** The process's instance, created from `ctx` on first call. */
export function ensureBasicAuth(ctx: ProviderFactoryContext): BasicAuth {
  const holder = globalThis as Holder
  return (holder[INSTANCE_KEY] ??= createBasicAuth(ctx))
}

/** Sets (or with `null`, clears) the process's instance: tests, and hosts that build it themselves. */
export function installBasicAuth(auth: BasicAuth | null): void {
  const holder = globalThis as Holder
  holder[INSTANCE_KEY] = auth ?? undefined
}

export function useBasicAuth(): BasicAuth {
  const auth = (globalThis as Holder)[INSTANCE_KEY]
  if (!auth) {
    throw new ProviderError(
      'NOT_FOUND',
      "Email and password sign-in is not enabled on this server (auth.provider is not 'basic-auth')",
    )
  }
  return auth
}
