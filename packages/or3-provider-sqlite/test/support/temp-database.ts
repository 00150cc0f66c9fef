import type { Database } from 'bun:sqlite'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../src/runtime/index'

export interface TempDatabase {
  dir: string
  path: string
  db: Database
  dispose(): void
}

/** A fresh database file in its own temporary folder; `dispose` closes it and removes the folder. */
export function createTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'or3-sqlite-test-'))
  const path = join(dir, 'data', 'or3.sqlite')
  const db = openDatabase(path)
  return {
    dir,
    path,
    db,
    dispose() {
      db.close(true)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A conformance factory over temp files: each instance gets its own database, removed in
 * `cleanup`.
 */
export function tempFileFactory<S, I extends object>(make: (db: Database, settings: S) => I) {
  const owned = new WeakMap<I, TempDatabase>()
  return {
    create(settings: S): I {
      const temp = createTempDatabase()
      const instance = make(temp.db, settings)
      owned.set(instance, temp)
      return instance
    },
    cleanup(instance: I) {
      owned.get(instance)?.dispose()
    },
  }
}
