import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Who a provider call runs for. The host runs every request's provider calls inside
 * `runWithCaller`, with `getToken` backed by the active auth provider's `ProviderTokenBroker`
 * for that request, so a backend that authorizes by itself (Convex) can act **as that user**:
 *
 * - `currentCaller()` answers the request's caller anywhere below the handler (adapters,
 *   session resolution, work a handler starts and leaves running);
 * - outside a request, or inside `runAsServer`, it answers `null`: the call is the server's own
 *   work (GC, job runner, rate limits, notifications, cleanup) and authenticates as the server;
 * - a caller whose `getToken` answers `null` is a request without a user token (signed out, or
 *   the broker minted none): an adapter must then refuse a user's operation, never fall back to
 *   the server's identity, which could do more than the user may.
 *
 * Adapters that keep their own authorization (SQLite, fs) ignore it.
 */
export interface ProviderCaller {
  /** A token for `providerId` (e.g. Convex's JWT template), minted for this request's user; null when none. */
  getToken(providerId: string, template?: string): Promise<string | null>
}

// One store per process even if a bundle holds two copies of the kit: the host sets the caller
// through its copy and a provider reads it through its own.
const STORE_KEY = Symbol.for('or3.provider-kit.request-caller')
type Holder = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<ProviderCaller | null> }

function callerStore(): AsyncLocalStorage<ProviderCaller | null> {
  const holder = globalThis as Holder
  return (holder[STORE_KEY] ??= new AsyncLocalStorage<ProviderCaller | null>())
}

/** Runs `fn` with `caller` as the current caller of every provider call it makes, awaited or not. */
export function runWithCaller<T>(caller: ProviderCaller | null, fn: () => T): T {
  return callerStore().run(caller, fn)
}

/** Runs `fn` as the server's own work, even inside a request (e.g. storage GC an admin started). */
export function runAsServer<T>(fn: () => T): T {
  return runWithCaller(null, fn)
}

/** The caller of the provider call in progress; null for the server's own work. */
export function currentCaller(): ProviderCaller | null {
  return callerStore().getStore() ?? null
}
