import { currentCaller, type ProviderCaller } from 'or3-provider-kit/server'
import { ProviderError } from 'or3-provider-kit'
import type { ServerCredential } from './server-credential'

/** The token request a user's Convex calls make of the active auth provider's broker. */
export const CONVEX_TOKEN_REQUEST = { providerId: 'convex', template: 'convex' } as const
/** A user token is asked for again this long before it expires (Clerk's live 60 s). */
const RENEW_BEFORE_MS = 10_000

/** Who a call runs as: the request's user (server work outside a request), or always the server. */
export type CallIdentity = 'caller' | 'server'

/** When a JWT expires (ms), read from its payload without verifying: only to know when to renew it. */
export function tokenExpiresAt(token: string): number | null {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp * 1000 : null
  } catch {
    return null
  }
}

export interface CallerTokens {
  tokenFor(identity: CallIdentity): Promise<string>
}

/**
 * Picks the token a call carries. A user's calls carry the token the auth provider's broker
 * minted for this request (asked once, renewed near its expiry); the server's own work carries
 * the server's token. A request whose broker mints nothing is refused: it never falls back to
 * the server's identity, which may do more than the user.
 */
export function createCallerTokens(options: { server: ServerCredential; now?: () => number; log?: (line: string) => void }): CallerTokens {
  const now = options.now ?? Date.now
  const log = options.log ?? ((line: string) => console.error(line))
  const userTokens = new WeakMap<ProviderCaller, { token: Promise<string | null>; expiresAt: number }>()

  function userToken(caller: ProviderCaller): Promise<string | null> {
    const cached = userTokens.get(caller)
    if (cached && cached.expiresAt - RENEW_BEFORE_MS > now()) return cached.token
    const entry = { token: caller.getToken(CONVEX_TOKEN_REQUEST.providerId, CONVEX_TOKEN_REQUEST.template), expiresAt: Number.POSITIVE_INFINITY }
    userTokens.set(caller, entry)
    entry.token.then(
      (token) => void (entry.expiresAt = token === null ? 0 : (tokenExpiresAt(token) ?? now() + 30_000)),
      () => void (entry.expiresAt = 0),
    )
    return entry.token
  }

  return {
    async tokenFor(identity) {
      const caller = identity === 'caller' ? currentCaller() : null
      if (caller === null) return options.server.token()
      const token = await userToken(caller)
      if (token !== null) return token
      log(
        "[or3-provider-convex] the auth provider's token broker gave no 'convex' token for a signed-in user. " +
          "With Clerk, create a JWT template named 'convex' (audience 'convex'); see the admin status page.",
      )
      throw new ProviderError('UNAVAILABLE', 'Your account cannot reach its data right now; try again shortly', { retryAfterSeconds: 5 })
    },
  }
}
