import { ConvexClient } from 'convex/browser'
import type { PendingOp } from 'or3-provider-kit'
import { getClientRegistries } from 'or3-provider-kit'
import { runWithCaller } from 'or3-provider-kit/server'
import { expectProviderError } from 'or3-provider-kit/testing'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createConvexConnection, type ConvexConnection } from '../../src/runtime/client/convex-connection'
import { createConvexDirectSyncProvider } from '../../src/runtime/client/direct-sync-provider'
import { registerConvexDirectSync } from '../../src/runtime/client/register-direct-sync'
import { startModuleDeployment, type ModuleDeployment } from '../support/module-deployment'

// The browser's direct sync client, with the real ConvexClient (websocket) against the deployment
// double, each device with its own user token as core's POST /api/auth/token would mint it.

let deployment: ModuleDeployment
const opened: ConvexClient[] = []

interface Device {
  connection: ConvexConnection
  tokensAsked: number
}

function device(sub: string, expiresInSeconds = 600): Device {
  const state: Device = { connection: null as never, tokensAsked: 0 }
  state.connection = createConvexConnection({
    fetchUrl: async () => deployment.double.url,
    createClient: (url) => {
      const client = new ConvexClient(url, { logger: false, unsavedChangesWarning: false, skipConvexDeploymentUrlCheck: true })
      opened.push(client)
      return client
    },
  })
  state.connection.bindAuth(async () => {
    state.tokensAsked++
    // As every broker's tokens (Clerk's, basic-auth's), unique per mint.
    return deployment.users.mint({ sub, email: `${sub}@example.test`, name: sub, jti: crypto.randomUUID() }, { expiresInSeconds })
  })
  return state
}

const op = (opId: string, pk: string, deviceId: string): PendingOp => ({
  opId,
  tableName: 'threads',
  operation: 'put',
  pk,
  payload: { id: pk, title: `from ${deviceId}` },
  stamp: { deviceId, opId, hlc: `${String(Date.now()).padStart(13, '0')}:0000:${deviceId}`, clock: 1 },
})

/** Signs the user up as the OR3 server does at their first request: as them, with their token. */
function personalWorkspaceOf(sub: string): Promise<string> {
  const { workspaces } = deployment.provider
  const caller = { getToken: async () => deployment.users.mint({ sub, email: `${sub}@example.test`, name: sub }) }
  return runWithCaller(caller, async () => {
    const { user } = await workspaces.getOrCreateUser({ provider: 'test', providerUserId: sub })
    return (await workspaces.ensurePersonalWorkspace(user.id)).id
  })
}

beforeAll(async () => {
  deployment = await startModuleDeployment({ functionsDir: inject('functionsDir') })
})
afterAll(async () => {
  await Promise.all(opened.map((client) => client.close()))
  await deployment?.stop()
})

describe('plugin order: client context, then the auth bridge, then the sync provider', () => {
  it('refuses to register the sync provider before a token fetcher is bound', () => {
    const connection = createConvexConnection({ fetchUrl: async () => deployment.double.url })
    expect(() => registerConvexDirectSync(connection)).toThrow(/registered before the auth bridge/)
    expect(getClientRegistries().syncProvider.has('convex')).toBe(false)
    connection.bindAuth(async () => null)
    registerConvexDirectSync(connection)
    expect(getClientRegistries().syncProvider.has('convex')).toBe(true)
  })

  it('never opens a client without a token fetcher, and never rebinds one under an open client', async () => {
    const unbound = createConvexConnection({ fetchUrl: async () => deployment.double.url })
    await expect(unbound.acquire()).rejects.toThrow(/no token fetcher is bound/)
    const { connection } = device('order-check')
    await connection.acquire()
    expect(() => connection.bindAuth(async () => null)).toThrow(/before the Convex client opens/)
    connection.release()
  })
})

describe('direct sync as the signed-in user', () => {
  let aliceWorkspace: string
  let bobWorkspace: string
  beforeAll(async () => {
    aliceWorkspace = await personalWorkspaceOf('alice')
    bobWorkspace = await personalWorkspaceOf('bob')
  })

  it("two devices of one user see each other's changes live, through the same outbox calls", async () => {
    const laptop = createConvexDirectSyncProvider(device('alice').connection, aliceWorkspace)
    const phone = createConvexDirectSyncProvider(device('alice').connection, aliceWorkspace)
    const heard: number[] = []
    const stop = phone.subscribe!({ workspaceId: aliceWorkspace }, { onVersion: (version) => heard.push(version) })
    try {
      const pushed = await laptop.push({ scope: { workspaceId: aliceWorkspace }, ops: [op('l-1', 'shared', 'laptop')] })
      expect(pushed.results[0]).toMatchObject({ applied: true })
      await vi.waitFor(() => expect(heard.at(-1)).toBe(pushed.results[0]!.serverVersion), { timeout: 5000 })
      const pulled = await phone.pull({ scope: { workspaceId: aliceWorkspace }, cursor: 0 })
      expect(pulled.changes.map((c) => [c.pk, c.payload?.title])).toEqual([['shared', 'from laptop']])
    } finally {
      stop()
      laptop.dispose?.()
      phone.dispose?.()
    }
  })

  it("the deployment refuses another user's workspace with the function's own sentence", async () => {
    const provider = createConvexDirectSyncProvider(device('alice').connection, bobWorkspace)
    try {
      await expectProviderError(provider.push({ scope: { workspaceId: bobWorkspace }, ops: [op('x-1', 'x', 'laptop')] }), 'FORBIDDEN', "Alice pushing into Bob's")
    } finally {
      provider.dispose?.()
    }
  })

  it('switching workspace (or signing out) tears the subscription and the socket down', async () => {
    const phone = device('alice')
    const watching = createConvexDirectSyncProvider(phone.connection, aliceWorkspace)
    const heard: number[] = []
    const stop = watching.subscribe!({ workspaceId: aliceWorkspace }, { onVersion: (version) => heard.push(version) })
    const client = await phone.connection.acquire()
    phone.connection.release()
    const writer = createConvexDirectSyncProvider(device('alice').connection, aliceWorkspace)
    await writer.push({ scope: { workspaceId: aliceWorkspace }, ops: [op('s-1', 'before-switch', 'laptop')] })
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 5000 })

    // What the workspace session does when it closes: the engine stops, then the provider goes.
    stop()
    watching.dispose?.()
    await vi.waitFor(() => expect(client.closed, 'the last workspace released the socket').toBe(true))
    const before = heard.length
    await writer.push({ scope: { workspaceId: aliceWorkspace }, ops: [op('s-2', 'after-switch', 'laptop')] })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(heard.length, 'nothing more is heard').toBe(before)
    await expect(watching.pull({ scope: { workspaceId: aliceWorkspace }, cursor: 0 })).rejects.toMatchObject({ code: 'UNAVAILABLE' })

    // The next workspace opens a fresh client.
    const next = createConvexDirectSyncProvider(phone.connection, bobWorkspace)
    expect(await phone.connection.acquire()).not.toBe(client)
    phone.connection.release()
    next.dispose?.()
    writer.dispose?.()
  })

  it('asks for a new token before the last one expires', { timeout: 20_000 }, async () => {
    const shortLived = device('alice', 12)
    const provider = createConvexDirectSyncProvider(shortLived.connection, aliceWorkspace)
    try {
      await provider.pull({ scope: { workspaceId: aliceWorkspace }, cursor: 0 })
      const first = shortLived.tokensAsked
      await vi.waitFor(() => expect(shortLived.tokensAsked).toBeGreaterThan(first), { timeout: 15_000 })
      expect((await provider.pull({ scope: { workspaceId: aliceWorkspace }, cursor: 0 })).changes.length).toBeGreaterThan(0)
    } finally {
      provider.dispose?.()
    }
  })
})
