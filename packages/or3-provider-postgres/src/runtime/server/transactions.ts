import type { Sql, TransactionSql } from './database'
import { RETRYABLE_SQLSTATES } from './errors'

const MAX_ATTEMPTS = 8

/**
 * Runs `work` in a SERIALIZABLE transaction, again from the start when PostgreSQL rolls it back for
 * a serialization failure or a deadlock. Checks and writes inside it hold as if every such
 * transaction ran alone, whichever server instance runs it: what SQLite's BEGIN IMMEDIATE gives
 * the sqlite provider. After the last attempt the failure is thrown (mapped to UNAVAILABLE).
 */
export async function serializable<T>(sql: Sql, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await sql.begin('isolation level serializable', work)) as T
    } catch (error) {
      const code = String((error as { code?: unknown } | null)?.code ?? '')
      if (!RETRYABLE_SQLSTATES.has(code) || attempt >= MAX_ATTEMPTS) throw error
      // A short random pause, so the transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt))
    }
  }
}
