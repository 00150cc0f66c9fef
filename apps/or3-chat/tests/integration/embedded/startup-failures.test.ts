import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canMountScratchDisk, mountScratchDisk } from 'or3-provider-kit/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { HOST_DIR, HOST_SERVER_ENTRY } from '../support/paths'
import { runUntilExit } from '../support/start-server'

const root = mkdtempSync(join(tmpdir(), 'or3-startup-failure-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Starts the built host on the embedded default with `dataDir` and returns how it stopped. */
function startWith(dataDir: string) {
  return runUntilExit({ entry: HOST_SERVER_ENTRY, cwd: HOST_DIR, env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'embedded' } })
}

/** The server said why in one plain sentence: no stack, nothing but that line after the prefix. */
function expectOneSentence(output: string, sentence: RegExp) {
  const [, reason = ''] = /\[or3\] cannot start:\n(.*)\n?$/s.exec(output) ?? []
  expect(reason.trim()).toMatch(sentence)
  expect(reason.trim().split('\n')).toHaveLength(1)
  expect(output).not.toMatch(/^\s+at /m)
}

describe('start-up on a data folder it cannot use', () => {
  it('names the path and OR3_DATA_DIR when a file is where the folder should be', async () => {
    const blocker = join(root, 'not-a-folder')
    writeFileSync(blocker, 'in the way')
    const { exitCode, output } = await startWith(blocker)
    expect(exitCode).toBe(1)
    expectOneSentence(
      output,
      new RegExp(`^OR3 cannot use ${blocker}: a file is in the way where a folder should be\\. Point OR3_DATA_DIR at a writable folder`),
    )
  })

  describe.runIf(canMountScratchDisk(join(root, 'probe')))('on a real small disk', () => {
    it('says the disk is full and leaves no half-written secrets file', async () => {
      const disk = mountScratchDisk(join(root, 'full'), { sizeKiB: 128 })!
      try {
        disk.fill()
        const { exitCode, output } = await startWith(disk.dir)
        expect(exitCode).toBe(1)
        expectOneSentence(output, /^OR3 cannot use .*: the disk is full\. Point OR3_DATA_DIR at a writable folder/)
        expect(readdirSync(disk.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
      } finally {
        disk.unmount()
      }
    })

    it('says the folder is read-only', async () => {
      const disk = mountScratchDisk(join(root, 'read-only'), { readOnly: true })!
      try {
        const { exitCode, output } = await startWith(disk.dir)
        expect(exitCode).toBe(1)
        expectOneSentence(output, /^OR3 cannot use .*: it is on a read-only file system\. Point OR3_DATA_DIR/)
      } finally {
        disk.unmount()
      }
    })
  })
})
