import type { Database } from 'bun:sqlite'
import { ProviderError, type ProviderSession } from 'or3-provider-kit'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'
import type { AttemptLimiter } from './attempt-limits'
import type { SignInBackoff } from './sign-in-backoff'
import { createAccountStore, type Account } from './account-store'
import { createDummyHash, hashPassword, verifyPassword } from './passwords'
import { createPasswordResetStore } from './password-reset-store'
import type { ChangePasswordRequest, RegisterRequest, ResetPasswordRequest, SignInRequest } from './schemas'
import { createSessionStore, type IssuedRefreshToken } from './session-store'
import {
  ACCESS_TOKEN_TTL_MS,
  REFRESH_REUSE_GRACE_MS,
  REFRESH_TOKEN_TTL_MS,
  type BasicAuthSettings,
} from './settings'
import { signAccessToken, verifyAccessToken } from './tokens'

/** The outcome of register, sign-in and refresh: what the routes put in cookies and the body. */
export interface SignedInSession {
  account: Pick<Account, 'id' | 'email' | 'displayName'>
  sessionId: string
  accessToken: string
  accessExpiresAt: number
  /**
   * The successor refresh token. `null` when a concurrent refresh already rotated it: the
   * browser received that successor from the first response and keeps it.
   */
  refresh: { token: string; expiresAt: number } | null
}

export interface RequestMeta {
  /** Client address, for per-IP attempt limits; null when the server cannot see it. */
  ip: string | null
}

const INCORRECT_CREDENTIALS = 'Email or password is incorrect'
const SESSION_ENDED = 'Your session has ended; sign in again'
/** Revoked sessions stay a day for the admin's counts, then go; either way they are refused. */
const KEEP_REVOKED_MS = 24 * 60 * 60 * 1000
const PURGE_EVERY_MS = 60 * 60 * 1000
/** Refresh tokens are 43 base64url characters; anything much longer is not one of ours. */
const MAX_REFRESH_TOKEN_LENGTH = 128

export type AuthService = ReturnType<typeof createAuthService>

const noSuchAccount = () => new ProviderError('NOT_FOUND', 'No such account: it may have been deleted already')

export function createAuthService(deps: {
  db: Database
  settings: BasicAuthSettings
  limiter: AttemptLimiter
  backoff: SignInBackoff
  now: () => number
}) {
  const { db, settings, limiter, backoff, now } = deps
  const accounts = createAccountStore(db)
  const sessions = createSessionStore(db, REFRESH_TOKEN_TTL_MS)
  const resets = createPasswordResetStore(db)
  const dummyHash = createDummyHash()
  // Computed now, so the first sign-in for an unknown email costs no more than later ones.
  void dummyHash()
  let lastPurgeAt = 0
  let clientAddressUnknown = false

  /**
   * Per-IP limits need an address. Without one, every caller would share a single bucket and
   * anyone could lock everyone out, so the per-IP rule is skipped; per-account limits still hold,
   * but for every caller at once. The operator is told once, here and on the admin page.
   */
  async function consumePerIp(rule: 'signInPerIp' | 'registerPerIp', ip: string | null): Promise<void> {
    if (ip) return limiter.consume(rule, ip)
    if (!clientAddressUnknown) {
      clientAddressUnknown = true
      console.warn(
        '[basic-auth] the client address of requests is not visible to the server, so per-IP sign-in ' +
          'limits are off and failed sign-ins of an account slow every caller of it: run behind a proxy ' +
          'that sets X-Forwarded-For and set OR3_TRUST_PROXY=true',
      )
    }
  }

  function signedIn(account: SignedInSession['account'], issued: IssuedRefreshToken, at: number): SignedInSession {
    return {
      ...accessFor(account, issued.sessionId, at),
      refresh: { token: issued.refreshToken, expiresAt: issued.refreshExpiresAt },
    }
  }

  function accessFor(account: SignedInSession['account'], sessionId: string, at: number): SignedInSession {
    const accessExpiresAt = at + ACCESS_TOKEN_TTL_MS
    const accessToken = signAccessToken(settings.secret, { sub: account.id, sid: sessionId, exp: accessExpiresAt })
    return { account, sessionId, accessToken, accessExpiresAt, refresh: null }
  }

  function purgeNowAndThen(at: number): void {
    if (at - lastPurgeAt < PURGE_EVERY_MS) return
    lastPurgeAt = at
    sessions.purge(at, KEEP_REVOKED_MS)
  }

  /** Registration policy; run once early (cheap refusal) and again inside the write transaction. */
  function assertMayRegister(email: string): void {
    if (settings.registration === 'closed' && email !== settings.bootstrapAdminEmail && accounts.count() > 0) {
      throw new ProviderError('FORBIDDEN', 'Registration is closed on this server: ask its administrator for an account')
    }
    if (accounts.findByEmail(email)) {
      throw new ProviderError('CONFLICT', 'An account with this email already exists: sign in instead', {
        fields: { email: ['An account with this email already exists'] },
      })
    }
  }

  /** The live session an access token names, or null (bad signature, expired, revoked, unknown). */
  function liveSessionOf(accessToken: string | undefined, at: number) {
    const claims = verifyAccessToken(settings.secret, accessToken, at)
    if (!claims) return null
    const live = sessions.findLive(claims.sid, at)
    return live && live.accountId === claims.sub ? { ...live, expiresAt: claims.exp } : null
  }

  return {
    async register(input: RegisterRequest, meta: RequestMeta): Promise<SignedInSession> {
      await consumePerIp('registerPerIp', meta.ip)
      assertMayRegister(input.email)
      const passwordHash = await hashPassword(input.password)
      const at = now()
      // IMMEDIATE takes the write lock before the checks: two racing first registrations on a
      // closed server run one after the other, and the second sees the first account.
      const { account, issued } = db
        .transaction(() => {
          assertMayRegister(input.email)
          const created = accounts.insert({
            email: input.email,
            displayName: input.displayName ?? null,
            passwordHash,
            now: at,
          })
          return { account: created, issued: sessions.create(created.id, at) }
        })
        .immediate()
      return signedIn(account, issued, at)
    },

    async signIn(input: SignInRequest, meta: RequestMeta): Promise<SignedInSession> {
      // An account as tried from one address: another address (its owner elsewhere) is unaffected.
      // Without an address every caller shares the account's bucket; the server warns about that.
      const subject = `${input.email}\u0000${meta.ip ?? 'unknown address'}`
      backoff.check(subject)
      await consumePerIp('signInPerIp', meta.ip)
      await limiter.consume('signInPerAccountAndIp', subject)
      const account = accounts.findByEmail(input.email)
      // Unknown emails verify against the dummy hash: same work, same answer, same timing.
      const valid = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash()))
      if (!account || !valid) {
        backoff.recordFailure(subject)
        throw new ProviderError('UNAUTHENTICATED', INCORRECT_CREDENTIALS)
      }
      backoff.recordSuccess(subject)
      // Said only to someone who knows the password, so it tells a stranger nothing.
      if (account.disabledAt !== null) {
        throw new ProviderError('FORBIDDEN', 'This account is disabled: ask the administrator of this server')
      }
      const at = now()
      purgeNowAndThen(at)
      return signedIn(account, sessions.create(account.id, at), at)
    },

    /**
     * Rotates the refresh token. A token already rotated is either a concurrent tab (within the
     * grace window: answer with the same session) or a replay of a stolen token (revoke every
     * session of the account, since we cannot tell the thief from the owner).
     */
    async refresh(refreshToken: string | undefined): Promise<SignedInSession> {
      if (!refreshToken || refreshToken.length > MAX_REFRESH_TOKEN_LENGTH) {
        throw new ProviderError('UNAUTHENTICATED', SESSION_ENDED)
      }
      const at = now()
      const outcome = db
        .transaction(() => {
          const record = sessions.findRefreshToken(refreshToken)
          if (!record || record.sessionRevokedAt !== null || record.expiresAt <= at) return { kind: 'ended' as const }
          if (record.usedAt === null) {
            const next = sessions.rotate(refreshToken, record.sessionId, at)
            return next ? { kind: 'rotated' as const, next } : { kind: 'ended' as const }
          }
          if (at - record.usedAt <= REFRESH_REUSE_GRACE_MS) return { kind: 'concurrent' as const, record }
          const revoked = sessions.revokeAllForAccount(record.accountId, 'refresh-token-reuse', at)
          return { kind: 'replayed' as const, accountId: record.accountId, revoked }
        })
        .immediate()

      if (outcome.kind === 'replayed') {
        console.warn(
          `[basic-auth] a rotated refresh token was presented again: revoked all ${outcome.revoked} ` +
            `session(s) of account ${outcome.accountId}`,
        )
      }
      if (outcome.kind === 'ended' || outcome.kind === 'replayed') {
        throw new ProviderError('UNAUTHENTICATED', SESSION_ENDED)
      }
      const sessionId = outcome.kind === 'rotated' ? outcome.next.sessionId : outcome.record.sessionId
      const live = sessions.findLive(sessionId, at)
      if (!live) throw new ProviderError('UNAUTHENTICATED', SESSION_ENDED)
      const account = { id: live.accountId, email: live.email, displayName: live.displayName }
      return outcome.kind === 'rotated' ? signedIn(account, outcome.next, at) : accessFor(account, sessionId, at)
    },

    /** Ends the caller's session, named by its access token or else its refresh token. Idempotent. */
    async signOut(tokens: { accessToken?: string; refreshToken?: string }): Promise<void> {
      const at = now()
      const claims = verifyAccessToken(settings.secret, tokens.accessToken, at)
      const sessionId =
        claims?.sid ??
        (tokens.refreshToken && tokens.refreshToken.length <= MAX_REFRESH_TOKEN_LENGTH
          ? sessions.findRefreshToken(tokens.refreshToken)?.sessionId
          : undefined)
      if (sessionId) sessions.revoke(sessionId, 'signed-out', at)
    },

    /** Needs the current password; keeps the caller's session and revokes every other one. */
    async changePassword(accessToken: string | undefined, input: ChangePasswordRequest): Promise<void> {
      const live = liveSessionOf(accessToken, now())
      if (!live) throw new ProviderError('UNAUTHENTICATED', 'Sign in to change your password')
      await limiter.consume('changePasswordPerAccount', live.accountId)
      const account = accounts.findById(live.accountId)
      if (!account || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
        throw new ProviderError('VALIDATION', 'Current password is incorrect', {
          fields: { currentPassword: ['Current password is incorrect'] },
        })
      }
      const passwordHash = await hashPassword(input.newPassword)
      const at = now()
      db.transaction(() => {
        // Signed out (or revoked) while the hash was computed: do not change anything.
        if (!sessions.findLive(live.sessionId, at)) throw new ProviderError('UNAUTHENTICATED', SESSION_ENDED)
        accounts.setPasswordHash(account.id, passwordHash, at)
        sessions.revokeAllForAccount(account.id, 'password-changed', at, live.sessionId)
      }).immediate()
    },

    /**
     * Sets a new password with a reset link's token: single use, unexpired, account enabled.
     * Every session of the account ends (whoever had it signs in again).
     */
    async resetPassword(input: ResetPasswordRequest, meta: RequestMeta): Promise<void> {
      await consumePerIp('signInPerIp', meta.ip)
      const passwordHash = await hashPassword(input.newPassword)
      const at = now()
      db.transaction(() => {
        const accountId = resets.consume(input.token, at)
        const account = accountId ? accounts.findById(accountId) : null
        if (!account || account.disabledAt !== null) {
          throw new ProviderError('FORBIDDEN', 'This reset link is not valid any more: ask the administrator for a new one')
        }
        accounts.setPasswordHash(account.id, passwordHash, at)
        sessions.revokeAllForAccount(account.id, 'password-reset', at)
      }).immediate()
    },

    /** The deployment admin's account management (the kit's AuthUserAdmin, ids are account ids). */
    users: {
      list(query: string, limit: number) {
        return accounts.search(query, limit)
      },
      setDisabled(accountId: string, disabled: boolean): void {
        const at = now()
        db.transaction(() => {
          if (!accounts.setDisabled(accountId, disabled ? at : null, at)) throw noSuchAccount()
          if (disabled) sessions.revokeAllForAccount(accountId, 'account-disabled', at)
        }).immediate()
      },
      delete(accountId: string): void {
        if (!accounts.delete(accountId)) throw noSuchAccount()
      },
      createPasswordResetLink(accountId: string): { token: string; expiresAt: number } {
        const at = now()
        return db
          .transaction(() => {
            const account = accounts.findById(accountId)
            if (!account) throw noSuchAccount()
            if (account.disabledAt !== null) {
              throw new ProviderError('CONFLICT', 'This account is disabled: enable it before sending a reset link')
            }
            return resets.create(accountId, at)
          })
          .immediate()
      },
    },

    /** The AuthProvider answer for an access token; null for anything but a live session. */
    getSession(accessToken: string | undefined): ProviderSession | null {
      const live = liveSessionOf(accessToken, now())
      if (!live) return null
      return {
        provider: BASIC_AUTH_PROVIDER_ID,
        providerUserId: live.accountId,
        email: live.email,
        // Nobody checked that this person controls the address (no confirmation email), so it
        // must not match invitations: basic-auth users join a workspace through its invite link.
        emailVerified: false,
        ...(live.displayName ? { displayName: live.displayName } : {}),
        expiresAt: new Date(live.expiresAt).toISOString(),
      }
    },

    /** Counts and observations for the admin page. */
    stats(): { accounts: number; liveSessions: number; clientAddressUnknown: boolean } {
      return { accounts: accounts.count(), liveSessions: sessions.countLive(now()), clientAddressUnknown }
    },
  }
}
