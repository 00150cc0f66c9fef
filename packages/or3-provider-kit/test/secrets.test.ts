import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveSecret } from '../src/secrets.ts'

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
})
