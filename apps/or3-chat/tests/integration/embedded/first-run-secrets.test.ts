import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { browserLikeClient } from '../support/browser-like-client'
import { startEmbeddedHost } from '../support/embedded-host'

describe('first run of the embedded default', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'or3-first-run-')), '.data')
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }))

  it('generates its secrets into a private file, reuses them, and never prints them', async () => {
    const first = await startEmbeddedHost({}, dataDir)
    const client = browserLikeClient(first.url)
    await client.post('/api/basic-auth/register', { email: 'first@example.com', password: 'a long enough passphrase' })
    await first.stop()

    const file = join(dataDir, 'secrets.json')
    expect(statSync(dataDir).mode & 0o777, 'data folder is private').toBe(0o700)
    expect(statSync(file).mode & 0o777, 'secrets file is private').toBe(0o600)
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    expect(Object.keys(secrets).sort()).toEqual(['basic-auth-secret', 'fs-signing-secret'])
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(32)

    const second = await startEmbeddedHost({}, dataDir)
    try {
      expect(JSON.parse(readFileSync(file, 'utf8')), 'the second run reuses them').toEqual(secrets)
      // Sessions signed with the first run's secret still verify: the same key was reused.
      const again = browserLikeClient(second.url)
      for (const [name, value] of client.cookies) again.cookies.set(name, value)
      expect((await again.get('/api/auth/session')).body.authenticated).toBe(true)
      for (const value of Object.values(secrets)) {
        expect(first.output() + second.output(), 'no secret in the logs').not.toContain(value)
      }
    } finally {
      await second.stop()
    }
  })
})
