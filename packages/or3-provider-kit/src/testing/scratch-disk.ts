import { spawnSync } from 'node:child_process'
import { mkdirSync, openSync, closeSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** A small tmpfs mounted for one test, to meet a full or read-only disk for real. */
export interface ScratchDisk {
  dir: string
  /** Writes until the disk refuses another byte. */
  fill(): void
  unmount(): void
}

/**
 * Mounts a `sizeKiB` tmpfs at `dir` (read-only when asked), or returns null where this process
 * may not mount (not root, no mount namespace): callers skip the case and say so.
 */
export function mountScratchDisk(dir: string, { sizeKiB = 256, readOnly = false } = {}): ScratchDisk | null {
  mkdirSync(dir, { recursive: true })
  const options = `size=${sizeKiB}k,mode=0700${readOnly ? ',ro' : ''}`
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status !== 0) return null
  return {
    dir,
    fill() {
      const fd = openSync(join(dir, '.filler'), 'w')
      const block = Buffer.alloc(4096, 1)
      try {
        for (;;) writeSync(fd, block)
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error
      } finally {
        closeSync(fd)
      }
    },
    unmount() {
      spawnSync('umount', ['-l', dir])
    },
  }
}

/** Whether this process can mount a scratch disk (checked once, by trying). */
export function canMountScratchDisk(probeDir: string): boolean {
  const disk = mountScratchDisk(probeDir, { sizeKiB: 16 })
  disk?.unmount()
  return disk !== null
}
