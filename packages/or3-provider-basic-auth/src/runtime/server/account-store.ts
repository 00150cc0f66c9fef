import type { Database } from 'bun:sqlite'

export interface Account {
  id: string
  email: string
  displayName: string | null
  passwordHash: string
  createdAt: number
  /** When the admin disabled it; null while it may sign in. */
  disabledAt: number | null
}

interface AccountRow {
  id: string
  email: string
  display_name: string | null
  password_hash: string
  created_at: number
  disabled_at: number | null
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
})

/** `%` and `_` in a search are letters, not wildcards. */
const likePattern = (query: string) => `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export type AccountStore = ReturnType<typeof createAccountStore>

/** Account rows. Emails arrive normalized (see schemas.ts), so equality is plain text equality. */
export function createAccountStore(db: Database) {
  const byEmail = db.query<AccountRow, [string]>('SELECT * FROM accounts WHERE email = ?')
  const byId = db.query<AccountRow, [string]>('SELECT * FROM accounts WHERE id = ?')
  const total = db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM accounts')
  const insertRow = db.query(
    `INSERT INTO accounts (id, email, display_name, password_hash, created_at, updated_at, password_changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const search = db.query<AccountRow, [string, string, number]>(
    `SELECT * FROM accounts WHERE lower(email) LIKE ? ESCAPE '\\' OR lower(coalesce(display_name, '')) LIKE ? ESCAPE '\\'
     ORDER BY created_at DESC, id LIMIT ?`,
  )
  const updateDisabled = db.query('UPDATE accounts SET disabled_at = ?, updated_at = ? WHERE id = ?')
  const deleteRow = db.query('DELETE FROM accounts WHERE id = ?')
  const updateHash = db.query('UPDATE accounts SET password_hash = ?, updated_at = ?, password_changed_at = ? WHERE id = ?')

  return {
    findByEmail(email: string): Account | null {
      const row = byEmail.get(email)
      return row ? toAccount(row) : null
    },
    findById(id: string): Account | null {
      const row = byId.get(id)
      return row ? toAccount(row) : null
    },
    count(): number {
      return total.get()?.n ?? 0
    },
    insert(input: { email: string; displayName: string | null; passwordHash: string; now: number }): Account {
      const id = crypto.randomUUID()
      insertRow.run(id, input.email, input.displayName, input.passwordHash, input.now, input.now, input.now)
      return { id, email: input.email, displayName: input.displayName, passwordHash: input.passwordHash, createdAt: input.now, disabledAt: null }
    },
    /** Newest first; an empty query lists every account (up to `limit`). */
    search(query: string, limit: number): Account[] {
      const pattern = likePattern(query)
      return search.all(pattern, pattern, limit).map(toAccount)
    },
    /** False when no such account. */
    setDisabled(id: string, disabledAt: number | null, now: number): boolean {
      return updateDisabled.run(disabledAt, now, id).changes === 1
    },
    /** Sessions, refresh tokens and reset links go with it (foreign keys cascade). */
    delete(id: string): boolean {
      return deleteRow.run(id).changes === 1
    },
    setPasswordHash(id: string, passwordHash: string, now: number): void {
      updateHash.run(passwordHash, now, now, id)
    },
  }
}
