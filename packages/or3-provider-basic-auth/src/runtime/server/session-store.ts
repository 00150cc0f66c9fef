import type { Database } from 'bun:sqlite'
import { generateRefreshToken, hashRefreshToken } from './tokens'

/** A refresh token as found by its hash, with the state of its session (family). */
export interface RefreshTokenRecord {
  sessionId: string
  accountId: string
  expiresAt: number
  /** When it was exchanged for its successor; `null` while it is the family's current token. */
  usedAt: number | null
  sessionRevokedAt: number | null
}

/** The account behind a live (unrevoked, unexpired) session. */
export interface LiveSession {
  sessionId: string
  accountId: string
  email: string
  displayName: string | null
}

export interface IssuedRefreshToken {
  sessionId: string
  /** The plaintext token: handed to the browser once and never stored. */
  refreshToken: string
  refreshExpiresAt: number
}

export type SessionStore = ReturnType<typeof createSessionStore>

/**
 * Sessions and their rotating refresh tokens. Callers run multi-step changes inside a
 * transaction; each method here is one or two statements.
 */
export function createSessionStore(db: Database, refreshTtlMs: number) {
  const insertSession = db.query(
    'INSERT INTO sessions (id, account_id, created_at, refreshed_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  )
  const insertToken = db.query(
    'INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  )
  const tokenByHash = db.query<
    { session_id: string; account_id: string; expires_at: number; used_at: number | null; revoked_at: number | null },
    [string]
  >(
    `SELECT t.session_id, s.account_id, t.expires_at, t.used_at, s.revoked_at
     FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?`,
  )
  const markUsed = db.query('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')
  const extendSession = db.query('UPDATE sessions SET refreshed_at = ?, expires_at = ? WHERE id = ?')
  const liveSession = db.query<
    { session_id: string; account_id: string; email: string; display_name: string | null },
    [string, number]
  >(
    `SELECT s.id AS session_id, a.id AS account_id, a.email, a.display_name
     FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND a.disabled_at IS NULL`,
  )
  const revokeOne = db.query(
    'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
  )
  const revokeAccount = db.query(
    'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE account_id = ? AND id != ? AND revoked_at IS NULL',
  )
  const countLive = db.query<{ n: number }, [number]>(
    'SELECT COUNT(*) AS n FROM sessions WHERE revoked_at IS NULL AND expires_at > ?',
  )
  const purgeTokens = db.query('DELETE FROM refresh_tokens WHERE expires_at <= ?')
  const purgeSessions = db.query('DELETE FROM sessions WHERE expires_at <= ? OR revoked_at <= ?')

  function issueToken(sessionId: string, now: number): IssuedRefreshToken {
    const refreshToken = generateRefreshToken()
    const refreshExpiresAt = now + refreshTtlMs
    insertToken.run(hashRefreshToken(refreshToken), sessionId, now, refreshExpiresAt)
    return { sessionId, refreshToken, refreshExpiresAt }
  }

  return {
    /** Starts a session for a fresh sign-in: a new family with its first refresh token. */
    create(accountId: string, now: number): IssuedRefreshToken {
      const sessionId = crypto.randomUUID()
      insertSession.run(sessionId, accountId, now, now, now + refreshTtlMs)
      return issueToken(sessionId, now)
    },

    findRefreshToken(refreshToken: string): RefreshTokenRecord | null {
      const row = tokenByHash.get(hashRefreshToken(refreshToken))
      if (!row) return null
      return {
        sessionId: row.session_id,
        accountId: row.account_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        sessionRevokedAt: row.revoked_at,
      }
    },

    /**
     * Exchanges the family's current token for a successor. Returns null when the token was
     * already used (another caller rotated it first), so a token is only ever rotated once.
     */
    rotate(refreshToken: string, sessionId: string, now: number): IssuedRefreshToken | null {
      if (markUsed.run(now, hashRefreshToken(refreshToken)).changes !== 1) return null
      extendSession.run(now, now + refreshTtlMs, sessionId)
      return issueToken(sessionId, now)
    },

    findLive(sessionId: string, now: number): LiveSession | null {
      const row = liveSession.get(sessionId, now)
      if (!row) return null
      return { sessionId: row.session_id, accountId: row.account_id, email: row.email, displayName: row.display_name }
    },

    revoke(sessionId: string, reason: string, now: number): void {
      revokeOne.run(now, reason, sessionId)
    },

    /** Revokes every session of the account except `keepSessionId` (when given). */
    revokeAllForAccount(accountId: string, reason: string, now: number, keepSessionId = ''): number {
      return revokeAccount.run(now, reason, accountId, keepSessionId).changes
    },

    countLive(now: number): number {
      return countLive.get(now)?.n ?? 0
    },

    /**
     * Drops expired tokens and dead sessions. A revoked session is kept for `keepRevokedMs` so
     * its tokens still answer "revoked" rather than "unknown" for a while (both are refused).
     */
    purge(now: number, keepRevokedMs: number): void {
      purgeTokens.run(now)
      purgeSessions.run(now, now - keepRevokedMs)
    },
  }
}
