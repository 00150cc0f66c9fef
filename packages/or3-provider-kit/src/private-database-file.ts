import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { withDataPath } from './data-dir-errors.ts'
import { ensurePrivateDir } from './secrets.ts'

/** The files SQLite keeps beside a database while it is open. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal']

/**
 * Makes `path` ready for SQLite to open as an owner-only file: its folder 0700, the file itself
 * created 0600 before SQLite first touches it (SQLite gives the `-wal`, `-shm` and `-journal` files
 * it creates the database file's mode, so they are 0600 too), and side files left by an older
 * release narrowed to 0600. Storage failures become a DataDirError naming the path and `setting`.
 */
export function preparePrivateDatabaseFile(path: string, setting?: string): void {
  ensurePrivateDir(dirname(path), setting)
  withDataPath(
    path,
    () => {
      closeSync(openSync(path, 'a', 0o600))
      chmodSync(path, 0o600)
      for (const suffix of SIDE_FILE_SUFFIXES) {
        if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600)
      }
    },
    setting,
  )
}
