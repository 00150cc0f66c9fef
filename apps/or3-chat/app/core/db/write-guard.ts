import type { DBCore, DBCoreTable, Middleware, Transaction } from 'dexie'
import { SYNCED_TABLES } from 'or3-provider-kit'

/**
 * Why a transaction may write synced tables: a local write records its pending op in the same
 * transaction; a remote apply must never be captured again. Anything else writing a synced
 * table would change a row that never syncs (or sync a row twice), so it fails loudly.
 */
export type WriteKind = 'local' | 'remote'

// Keyed by the IndexedDB transaction: nested Dexie transactions share it, so the mark holds
// for every write inside the marked block.
const marks = new WeakMap<object, WriteKind>()

export function markTransaction(tx: Transaction, kind: WriteKind): void {
  const idbTransaction = (tx as Transaction & { idbtrans?: object }).idbtrans
  if (!idbTransaction) throw new Error('markTransaction needs an open Dexie transaction')
  marks.set(idbTransaction, kind)
}

const syncedTables = new Set<string>(SYNCED_TABLES)

/** Dexie middleware that refuses writes to synced tables outside a marked transaction. */
export const syncedWriteGuard: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'or3-synced-write-guard',
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name)
        if (!syncedTables.has(name)) return table
        const guarded: DBCoreTable = {
          ...table,
          mutate(request) {
            if (!marks.has(request.trans as object)) {
              return Promise.reject(
                new Error(
                  `Write to synced table '${name}' outside a local-write or remote-apply transaction: ` +
                    'use the LocalWriter (core/db/local-writes.ts) so the change is recorded for sync',
                ),
              )
            }
            return table.mutate(request)
          },
        }
        return guarded
      },
    }
  },
}
