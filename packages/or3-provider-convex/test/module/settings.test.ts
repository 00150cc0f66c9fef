import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_OR3_JWT_ISSUER } from 'or3-provider-kit/server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { convexServerIssuer, convexServerJwks, resolveConvexSettings } from '../../src/runtime/index'

describe('settings from env', () => {
  let dataDir: string
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'or3-convex-settings-'))))
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

  it('needs OR3_CONVEX_URL, and says what to put there', () => {
    expect(() => resolveConvexSettings({ OR3_DATA_DIR: dataDir })).toThrow(/OR3_CONVEX_URL is not set: give the Convex deployment URL/)
    expect(() => resolveConvexSettings({ OR3_DATA_DIR: dataDir, OR3_CONVEX_URL: 'happy-animal-123' })).toThrow(/must be a URL/)
    expect(() => resolveConvexSettings({ OR3_DATA_DIR: dataDir, OR3_CONVEX_URL: 'ftp://x.example' })).toThrow(/https:\/\/ URL/)
  })

  it('syncs through the gateway unless OR3_CONVEX_SYNC_MODE=direct', () => {
    const env = { OR3_DATA_DIR: dataDir, OR3_CONVEX_URL: 'https://happy-animal-123.convex.cloud/' }
    expect(resolveConvexSettings(env)).toMatchObject({ url: 'https://happy-animal-123.convex.cloud', syncMode: 'gateway', issuer: DEFAULT_OR3_JWT_ISSUER })
    expect(resolveConvexSettings({ ...env, OR3_CONVEX_SYNC_MODE: 'direct' }).syncMode).toBe('direct')
    expect(() => resolveConvexSettings({ ...env, OR3_CONVEX_SYNC_MODE: 'sideways' })).toThrow(/gateway or direct/)
  })

  it("the wizard's JWKS is the key the server signs with, generated once into the data folder", () => {
    const env = { OR3_DATA_DIR: dataDir, OR3_JWT_ISSUER: 'https://chat.example.com' }
    const published = convexServerJwks(env)
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toHaveProperty('convex-server-private-key')
    const settings = resolveConvexSettings({ ...env, OR3_CONVEX_URL: 'https://x.convex.cloud' })
    expect(published.keys).toEqual([settings.serverKey.publicJwk])
    expect(convexServerIssuer(env)).toBe('https://chat.example.com')
    expect(JSON.stringify(published)).not.toContain('"d"')
  })
})

describe("the server's own token", () => {
  it('is reused until a minute before it expires, and `fresh` always mints a different one', async () => {
    const { createServerCredential } = await import('../../src/runtime/server/server-credential')
    const { newServerKey } = await import('../support/module-deployment')
    let now = Date.parse('2026-05-01T00:00:00Z')
    const credential = createServerCredential({ key: newServerKey(), issuer: 'https://or3.test', now: () => now })
    const first = credential.token()
    const claims = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString())
    expect(claims).toMatchObject({ iss: 'https://or3.test', sub: 'or3-server', aud: 'convex' })
    expect(credential.token()).toBe(first)
    expect(credential.fresh()).not.toBe(first)
    const renewed = credential.token()
    now += (claims.exp - claims.iat) * 1000 - 30_000
    expect(credential.token(), 'renewed inside the last minute').not.toBe(renewed)
  })
})
