import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'

interface Snapshot {
  content: Buffer | null
  mode: number
}

/**
 * The wizard's changes to files, all or nothing. New contents are staged next to their targets
 * and renamed into place together at `commit()`; files other programs change (package.json,
 * bun.lock) are remembered first; `rollback()` puts every remembered file back and removes
 * folders that did not exist before.
 */
export class FileTransaction {
  private readonly snapshots = new Map<string, Snapshot>()
  private readonly staged: { target: string; temp: string }[] = []
  private readonly newDirs: string[] = []

  remember(path: string): void {
    if (this.snapshots.has(path)) return
    const exists = existsSync(path)
    this.snapshots.set(path, { content: exists ? readFileSync(path) : null, mode: exists ? statSync(path).mode & 0o777 : 0o644 })
  }

  /** A folder that a step may create: removed on rollback if it did not exist before. */
  rememberDir(path: string): void {
    if (!existsSync(path)) this.newDirs.push(path)
  }

  stage(target: string, content: string, mode = 0o644): void {
    this.remember(target)
    const temp = `${target}.or3-cloud-${process.pid}.tmp`
    writeFileSync(temp, content, { mode })
    // The file mode given at creation is reduced by the umask; set it exactly.
    chmodSync(temp, mode)
    this.staged.push({ target, temp })
  }

  commit(): void {
    for (const { target, temp } of this.staged) renameSync(temp, target)
    this.staged.length = 0
  }

  rollback(): void {
    for (const { temp } of this.staged) rmSync(temp, { force: true })
    this.staged.length = 0
    for (const [path, snapshot] of this.snapshots) {
      if (snapshot.content === null) {
        rmSync(path, { force: true })
      } else {
        const temp = `${path}.or3-cloud-${process.pid}.restore`
        writeFileSync(temp, snapshot.content, { mode: snapshot.mode })
        renameSync(temp, path)
      }
    }
    for (const dir of this.newDirs) rmSync(dir, { recursive: true, force: true })
  }
}
