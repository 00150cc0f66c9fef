import type { Database } from 'bun:sqlite'
import { generateRefreshToken, hashRefreshToken } from './tokens'

/** How long a reset link the admin created stays usable. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000

export type PasswordResetStore = ReturnType<typeof createPasswordResetStore>

/**
 * Single-use password-reset tokens, stored by sha256 only (like refresh tokens): the plaintext
 * is shown to the admin once, inside the link. Callers run `consume` inside their transaction.
 */
export function createPasswordResetStore(db: Database) {
  const insert = db.query('INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
  const find = db.query<{ account_id: string; expires_at: number; used_at: number | null }, [string]>(
    'SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = ?',
  )
  const markUsed = db.query('UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')
  // A newer link replaces older ones: only the latest the admin handed out works.
  const dropUnused = db.query('DELETE FROM password_resets WHERE account_id = ? AND used_at IS NULL')

  return {
    create(accountId: string, now: number): { token: string; expiresAt: number } {
      const token = generateRefreshToken()
      const expiresAt = now + PASSWORD_RESET_TTL_MS
      dropUnused.run(accountId)
      insert.run(hashRefreshToken(token), accountId, now, expiresAt)
      return { token, expiresAt }
    },
    /** The account the token resets, marking it used; null when unknown, used or expired. */
    consume(token: string, now: number): string | null {
      const hash = hashRefreshToken(token)
      const row = find.get(hash)
      if (!row || row.used_at !== null || row.expires_at <= now) return null
      return markUsed.run(now, hash).changes === 1 ? row.account_id : null
    },
  }
}
