import { getRequestHeader } from 'h3'
import { pushRequestSchema, type PushResponse } from 'or3-provider-kit'
import { registerAuthProvider, registerSyncGateway, registerWorkspaceStore } from 'or3-provider-kit/server'
import { putOp, serveOnNode } from 'or3-provider-kit/testing'
import { createMemorySyncGateway, createMemoryWorkspaceStore } from 'or3-provider-kit/testing/memory'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import pushRoute from '../../../server/api/sync/push.post'
import { resetOr3CloudConfig, useOr3CloudConfig } from '../../../server/admin/config/resolve-config'
import { bootProviders } from '../../../server/core/boot/boot-server'

// The push route in-process on a real HTTP server, with the kit's memory providers (built with
// its factories) registered under 'test'. Auth trusts an x-test-user header: a TEST DOUBLE.
const env = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'none', OR3_LIMITS_PROVIDER: 'memory', OR3_JOBS_PROVIDER: 'memory', OR3_STRICT: 'true' }
const workspaces = createMemoryWorkspaceStore()
const sync = createMemorySyncGateway()
let server: Awaited<ReturnType<typeof serveOnNode>>
const saved = { ...process.env }

beforeAll(async () => {
  Object.assign(process.env, env)
  resetOr3CloudConfig()
  registerAuthProvider('test', () => ({
    id: 'test',
    getSession: async (event) => {
      const user = getRequestHeader(event, 'x-test-user')
      return user ? { provider: 'test', providerUserId: user, expiresAt: new Date(Date.now() + 60_000).toISOString() } : null
    },
  }))
  registerWorkspaceStore('test', () => workspaces)
  registerSyncGateway('test', () => sync)
  bootProviders(useOr3CloudConfig(), process.env, { info: () => {}, warn: () => {} })
  server = await serveOnNode((app) => app.use('/api/sync/push', pushRoute))
})

afterAll(async () => {
  await server?.close()
  process.env = saved
  resetOr3CloudConfig()
})

describe('a push through the request pipeline', () => {
  it('is parsed once: the pipeline parses it and the adapter takes the parsed value', async () => {
    const { user } = await workspaces.getOrCreateUser({ provider: 'test', providerUserId: 'ada' })
    const personal = await workspaces.ensurePersonalWorkspace(user.id)
    const parses = vi.spyOn(pushRequestSchema, 'safeParse')

    const response = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'ada' },
      body: JSON.stringify({ scope: { workspaceId: personal.id }, ops: [putOp('t1', { title: 'once' })] }),
    })
    const body = (await response.json()) as PushResponse
    expect([response.status, body.results[0]?.applied]).toEqual([200, true])
    expect(parses, 'the pipeline parsed the push, the adapter did not parse it again').toHaveBeenCalledTimes(1)

    // The count means something: a caller that did not go through the pipeline is parsed by the adapter.
    await sync.push({ userId: user.id }, { scope: { workspaceId: personal.id }, ops: [putOp('t2')] })
    expect(parses).toHaveBeenCalledTimes(2)
  })
})
