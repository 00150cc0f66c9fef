import { createClerkClient, type ClerkClient } from '@clerk/backend'
import type { AuthProvider, ProviderAdminAdapter, ProviderTokenBroker } from 'or3-provider-kit'
import type { ProviderFactoryContext } from 'or3-provider-kit/server'
import { createClerkAdminAdapter } from './admin-adapter'
import { createClerkAuthProvider } from './auth-provider'
import { createBackendHealth, type BackendHealth } from './backend-health'
import { createRequestAuthenticator, type RequestAuthenticator } from './request-auth'
import { resolveClerkSettings, USER_CACHE_TTL_MS, type ClerkSettings } from './settings'
import { createClerkTokenBroker } from './token-broker'
import { createUserDirectory } from './user-directory'

/** One Clerk deployment: its settings, its Backend API client, and every contract built on them. */
export interface ClerkProvider {
  settings: ClerkSettings
  requests: RequestAuthenticator
  health: BackendHealth
  authProvider: AuthProvider
  tokenBroker: ProviderTokenBroker
  admin: ProviderAdminAdapter
}

export interface ClerkProviderOptions {
  /** Clock for the user cache, for tests; `Date.now` otherwise. */
  now?: () => number
  userCacheTtlMs?: number
}

/** Checks the settings (refusing to start on a misconfiguration) and wires the contracts. */
export function createClerkProvider(ctx: ProviderFactoryContext, options: ClerkProviderOptions = {}): ClerkProvider {
  const now = options.now ?? Date.now
  const settings = resolveClerkSettings(ctx)
  const client: ClerkClient = createClerkClient({
    publishableKey: settings.publishableKey,
    secretKey: settings.secretKey,
    jwtKey: settings.jwtKey ?? undefined,
    apiUrl: settings.apiUrl ?? undefined,
    proxyUrl: settings.proxyUrl ?? undefined,
    telemetry: { disabled: true },
  })
  const health = createBackendHealth(now)
  const requests = createRequestAuthenticator({ client, settings, health })
  const users = createUserDirectory({ client, health, ttlMs: options.userCacheTtlMs ?? USER_CACHE_TTL_MS, now })
  return {
    settings,
    requests,
    health,
    authProvider: createClerkAuthProvider({ requests, users }),
    tokenBroker: createClerkTokenBroker({ requests, client, health }),
    admin: createClerkAdminAdapter({ settings, health, checkBackend: () => client.jwks.getJwks() }),
  }
}

// The process's instance. The registries create it when core resolves the 'clerk' auth provider
// at boot; the middleware reads it from here, so it does nothing on a server that selected
// another auth provider (and such a server never needs Clerk keys).
const INSTANCE_KEY = Symbol.for('or3.provider-clerk.instance')
type Holder = typeof globalThis & { [INSTANCE_KEY]?: ClerkProvider }

/** The process's instance, created from `ctx` on first call. */
export function ensureClerkProvider(ctx: ProviderFactoryContext): ClerkProvider {
  const holder = globalThis as Holder
  return (holder[INSTANCE_KEY] ??= createClerkProvider(ctx))
}

/** Sets (or with `null`, clears) the process's instance: tests, and hosts that build it themselves. */
export function installClerkProvider(provider: ClerkProvider | null): void {
  ;(globalThis as Holder)[INSTANCE_KEY] = provider ?? undefined
}

/** The process's instance, or null when Clerk is not this server's auth provider. */
export function findClerkProvider(): ClerkProvider | null {
  return (globalThis as Holder)[INSTANCE_KEY] ?? null
}

