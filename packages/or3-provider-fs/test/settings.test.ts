import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fsStorageOptionsFromEnv } from '../src/runtime/index'

const storage = { enabled: true, provider: 'fs', maxFileBytes: 2048, allowedMimeTypes: ['image/*'] }
let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'or3-fs-settings-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('settings from env', () => {
  it('defaults: <data dir>/blobs, a generated secret kept in secrets.json, 24 h grace, 5 min links', () => {
    const options = fsStorageOptionsFromEnv({ OR3_DATA_DIR: dataDir }, storage)
    expect(options.root).toBe(join(dataDir, 'blobs'))
    expect(options.limits).toEqual({ maxFileBytes: 2048, allowedMimeTypes: ['image/*'] })
    expect(options.uploadGraceMs).toBe(24 * 60 * 60 * 1000)
    expect(options.urlTtlMs).toBe(5 * 60 * 1000)
    const saved = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(saved['fs-signing-secret']).toBe(options.secret)
    // The next boot reuses it, so links signed before a restart stay valid.
    expect(fsStorageOptionsFromEnv({ OR3_DATA_DIR: dataDir }, storage).secret).toBe(options.secret)
  })

  it('reads OR3_FS_* overrides and refuses malformed ones', () => {
    const env = {
      OR3_DATA_DIR: dataDir,
      OR3_FS_ROOT: join(dataDir, 'elsewhere'),
      OR3_FS_SIGNING_SECRET: 's'.repeat(40),
      OR3_FS_UPLOAD_GRACE_MS: '60000',
      OR3_FS_URL_TTL_MS: '30000',
    }
    expect(fsStorageOptionsFromEnv(env, storage)).toMatchObject({
      root: join(dataDir, 'elsewhere'),
      secret: 's'.repeat(40),
      uploadGraceMs: 60_000,
      urlTtlMs: 30_000,
    })
    expect(() => fsStorageOptionsFromEnv({ ...env, OR3_FS_URL_TTL_MS: '5m' }, storage)).toThrow(/OR3_FS_URL_TTL_MS must be a positive whole number/)
    expect(() => fsStorageOptionsFromEnv({ ...env, OR3_FS_SIGNING_SECRET: 'short' }, storage)).toThrow(/at least 32 characters/)
  })
})
