import { isProviderError, type PendingOp } from 'or3-provider-kit'
import { runAsServer, runWithCaller } from 'or3-provider-kit/server'
import { expectProviderError } from 'or3-provider-kit/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { callerWith, startModuleDeployment, type ModuleDeployment } from '../support/module-deployment'

// A user's calls run as that user: the deployment authorizes them with the token the auth
// provider's broker minted for the request, so even a mistake in the host could not reach
// another tenant. Server work runs as the OR3 server; a request without a user token never does.

let deployment: ModuleDeployment
let alice: { userId: string; personal: string; caller: ReturnType<typeof callerWith> }
let bob: { userId: string; personal: string; caller: ReturnType<typeof callerWith> }

const op = (opId: string, pk: string): PendingOp => ({
  opId,
  tableName: 'threads',
  operation: 'put',
  pk,
  payload: { id: pk, title: pk },
  stamp: { deviceId: 'laptop', opId, hlc: `${String(Date.now()).padStart(13, '0')}:0000:laptop`, clock: 1 },
})

async function signUp(sub: string) {
  const caller = callerWith(() => deployment.users.mint({ sub, email: `${sub}@example.test`, name: sub }))
  const { workspaces } = deployment.provider
  return runWithCaller(caller, async () => {
    const { user } = await workspaces.getOrCreateUser({ provider: 'test', providerUserId: sub })
    const personal = await workspaces.ensurePersonalWorkspace(user.id)
    return { userId: user.id, personal: personal.id, caller }
  })
}

beforeAll(async () => {
  deployment = await startModuleDeployment({ functionsDir: inject('functionsDir') })
  alice = await signUp('alice')
  bob = await signUp('bob')
})
afterAll(() => deployment?.stop())

describe("a user's calls run as that user", () => {
  it("sync: Alice writes her workspace, and the deployment itself refuses her Bob's", async () => {
    const { sync } = deployment.provider
    await runWithCaller(alice.caller, async () => {
      const pushed = await sync.push({ userId: alice.userId }, { scope: { workspaceId: alice.personal }, ops: [op('a-1', 'mine')] })
      expect(pushed.results[0]?.applied).toBe(true)
      await expectProviderError(
        sync.push({ userId: alice.userId }, { scope: { workspaceId: bob.personal }, ops: [op('a-2', 'not-mine')] }),
        'FORBIDDEN',
        "pushing into Bob's workspace as Alice",
      )
      await expectProviderError(sync.pull({ userId: alice.userId }, { scope: { workspaceId: bob.personal }, cursor: 0 }), 'FORBIDDEN', "reading Bob's")
    })
    // The same call outside a request is the server's, which may act on any workspace (GC, notifications).
    const asServer = await sync.pull({ userId: 'server' }, { scope: { workspaceId: bob.personal }, cursor: 0 })
    expect(asServer.changes).toEqual([])
  })

  it('workspaces: the token decides who the user is', async () => {
    const listed = await runWithCaller(bob.caller, () => deployment.provider.workspaces.listWorkspaces(alice.userId))
    expect(listed.map((w) => w.id)).toEqual([bob.personal])
    await expectProviderError(
      runWithCaller(bob.caller, () => deployment.provider.workspaces.getRole(alice.userId, alice.personal)),
      'FORBIDDEN',
      "Bob asking for Alice's role",
    )
  })

  it('a request whose broker mints no token is refused, never run as the server', async () => {
    const tokenless = callerWith(async () => null)
    const { sync, workspaces } = deployment.provider
    const refused = await runWithCaller(tokenless, () =>
      sync.push({ userId: alice.userId }, { scope: { workspaceId: alice.personal }, ops: [op('x-1', 'sneaky')] }).catch((error: unknown) => error),
    )
    expect(isProviderError(refused) && refused.code).toBe('UNAVAILABLE')
    expect((refused as Error).message).toBe('Your account cannot reach its data right now; try again shortly')
    await expectProviderError(runWithCaller(tokenless, () => workspaces.listWorkspaces(alice.userId)), 'UNAVAILABLE', 'listing without a token')
    const written = await sync.pull({ userId: 'server' }, { scope: { workspaceId: alice.personal }, cursor: 0 })
    expect(written.changes.map((c) => c.pk)).not.toContain('sneaky')
  })

  it('server work inside a request runs as the server: limits, jobs, notifications, and runAsServer', async () => {
    const { limits, jobs, notifications, sync } = deployment.provider
    await runWithCaller(alice.caller, async () => {
      expect((await limits.consume(`core:minute:${alice.userId}`, { windowMs: 60_000, limit: 5 })).allowed).toBe(true)
      const job = await jobs.create({ userId: alice.userId, workspaceId: alice.personal, threadId: 't', messageId: 'm' })
      expect(job.status).toBe('running')
      await notifications.emit({ workspaceId: alice.personal, userId: alice.userId, type: 'test', title: 'hello' })
      // An admin's storage GC reads a workspace it may not belong to: the server's work, explicitly.
      const snapshot = await runAsServer(() => sync.snapshot({ userId: alice.userId }, { scope: { workspaceId: bob.personal } }))
      expect(snapshot.rows).toEqual([])
    })
  })

  it("asks the broker once per request, and again when the user's token is about to expire", async () => {
    let asked = 0
    const counting = callerWith(async () => {
      asked++
      return deployment.users.mint({ sub: 'alice', email: 'alice@example.test', name: 'alice' })
    })
    await runWithCaller(counting, async () => {
      for (let i = 0; i < 3; i++) await deployment.provider.workspaces.listWorkspaces(alice.userId)
    })
    expect(asked).toBe(1)
    asked = 0
    const shortLived = callerWith(async () => {
      asked++
      return deployment.users.mint({ sub: 'alice', email: 'alice@example.test', name: 'alice' }, { expiresInSeconds: 5 })
    })
    await runWithCaller(shortLived, async () => {
      for (let i = 0; i < 3; i++) await deployment.provider.workspaces.listWorkspaces(alice.userId)
    })
    expect(asked).toBe(3)
  })
})
