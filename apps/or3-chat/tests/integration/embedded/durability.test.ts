import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { browserLikeClient } from '../support/browser-like-client'
import { startEmbeddedHost } from '../support/embedded-host'

const WRITERS = 4
const BATCH = 100
const PASSWORD = 'a long enough passphrase'

/**
 * A push storm against the real server, `kill -9` in the middle, restart on the same files:
 * every op the server acknowledged must be there, and every batch must be whole or absent.
 */
describe('durability under kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'or3-durability-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps every acknowledged op and never half a batch', async () => {
    const server = await startEmbeddedHost({ OR3_LIMITS_ENABLED: 'false' }, dataDir)
    const client = browserLikeClient(server.url)
    await client.post('/api/basic-auth/register', { email: 'storm@example.com', password: PASSWORD })
    const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string

    const acknowledged = new Set<string>()
    const attempted: string[][] = []
    let killed = false
    const writer = async (w: number) => {
      for (let b = 0; !killed; b++) {
        const ops = Array.from({ length: BATCH }, (_, i) => {
          const opId = `w${w}-b${b}-o${i}`
          return {
            opId,
            tableName: 'messages',
            operation: 'put',
            pk: opId,
            payload: { id: opId, thread_id: `w${w}`, content: 'x'.repeat(200) },
            stamp: { deviceId: `device-${w}`, opId, hlc: `${Date.now()}:0:${w}`, clock: 1 },
          }
        })
        attempted.push(ops.map((o) => o.opId))
        try {
          const response = await client.post('/api/sync/push', { scope: { workspaceId }, ops })
          if (response.status !== 200) continue
          for (const result of response.body.results) if (result.applied) acknowledged.add(result.opId)
        } catch {
          return // the server is gone
        }
      }
    }
    const storm = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
    while (acknowledged.size < 2_000) await Bun.sleep(5)
    server.kill('SIGKILL')
    killed = true
    await storm
    await server.stop()

    const restarted = await startEmbeddedHost({ OR3_LIMITS_ENABLED: 'false' }, dataDir)
    try {
      const again = browserLikeClient(restarted.url)
      expect((await again.post('/api/basic-auth/sign-in', { email: 'storm@example.com', password: PASSWORD })).status).toBe(200)
      const present = new Set<string>()
      for (let cursor = 0, more = true; more; ) {
        const page = await again.post('/api/sync/pull', { scope: { workspaceId }, cursor, limit: 1000 })
        for (const change of page.body.changes) present.add(change.pk)
        cursor = page.body.nextCursor
        more = page.body.hasMore
      }
      const lost = [...acknowledged].filter((opId) => !present.has(opId))
      expect(lost, 'acknowledged ops missing after restart').toEqual([])
      const halfBatches = attempted.filter((batch) => {
        const kept = batch.filter((opId) => present.has(opId)).length
        return kept !== 0 && kept !== batch.length
      })
      expect(halfBatches, 'batches only partly applied').toEqual([])
      expect(acknowledged.size).toBeGreaterThanOrEqual(2_000)
    } finally {
      await restarted.stop()
    }
  })
})
