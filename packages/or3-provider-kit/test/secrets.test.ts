import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDataDirError } from '../src/data-dir-errors.ts'
import { resolveSecret } from '../src/secrets.ts'
import { canMountScratchDisk, mountScratchDisk } from '../src/testing/scratch-disk.ts'

describe('resolveSecret', () => {
  let root: string
  let dataDir: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'or3-secrets-'))
    dataDir = join(root, 'data') // not created yet: resolveSecret must create it
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const options = (env: Record<string, string | undefined> = {}, name = 'basicAuth') => ({
    env: { OR3_DATA_DIR: dataDir, ...env },
    envVar: 'OR3_TEST_SECRET',
    name,
  })

  it('generates a secret into <OR3_DATA_DIR>/secrets.json, readable by the owner only', () => {
    const secret = resolveSecret(options())
    expect(secret).toMatch(/^[\w-]{43}$/) // 32 random bytes, base64url
    const file = join(dataDir, 'secrets.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ basicAuth: secret })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
  })

  it('reuses the stored secret on the next call and keeps other names beside it', () => {
    const first = resolveSecret(options())
    const other = resolveSecret(options({}, 'fsSigning'))
    expect(resolveSecret(options())).toBe(first)
    expect(other).not.toBe(first)
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toEqual({ basicAuth: first, fsSigning: other })
  })

  it('prefers the env var and writes nothing', () => {
    const fromEnv = 'e'.repeat(40)
    expect(resolveSecret(options({ OR3_TEST_SECRET: fromEnv }))).toBe(fromEnv)
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false)
  })

  it('rejects an env secret shorter than 32 characters, naming the variable', () => {
    expect(() => resolveSecret(options({ OR3_TEST_SECRET: 'short' }))).toThrow(/OR3_TEST_SECRET/)
  })

  it('names the path and OR3_DATA_DIR in one sentence when a file is where the folder should be', () => {
    writeFileSync(dataDir, 'not a folder')
    let caught: unknown
    try {
      resolveSecret(options())
    } catch (error) {
      caught = error
    }
    expect(isDataDirError(caught)).toBe(true)
    expect((caught as Error).message).toBe(
      `OR3 cannot use ${dataDir}: a file is in the way where a folder should be. ` +
        'Point OR3_DATA_DIR at a writable folder with free space, or fix that path.',
    )
  })

  describe.runIf(canMountScratchDisk(join(tmpdir(), `or3-mount-probe-${process.pid}`)))('on a real small disk', () => {
    it('leaves no half-written secrets.json.*.tmp when the disk is full', () => {
      const disk = mountScratchDisk(dataDir, { sizeKiB: 64 })!
      try {
        disk.fill()
        let caught: unknown
        try {
          resolveSecret(options())
        } catch (error) {
          caught = error
        }
        expect((caught as Error).message).toMatch(/^OR3 cannot use .*secrets\.json: the disk is full\. Point OR3_DATA_DIR/)
        expect(readdirSync(dataDir).filter((name) => name.includes('.tmp'))).toEqual([])
      } finally {
        disk.unmount()
      }
    })

    it('says the folder is read-only', () => {
      const disk = mountScratchDisk(dataDir, { readOnly: true })!
      try {
        expect(() => resolveSecret(options())).toThrow(/: it is on a read-only file system\. Point OR3_DATA_DIR/)
      } finally {
        disk.unmount()
      }
    })
  })
})
