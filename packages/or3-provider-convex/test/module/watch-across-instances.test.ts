import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest'
import { createConvexProvider, type ConvexProvider } from '../../src/runtime/index'
import { ISSUER, startModuleDeployment, type ModuleDeployment } from '../support/module-deployment'

// Two OR3 server instances on one deployment: each watches over its own websocket (a real
// ConvexClient), and hears what the other one wrote. SQLite cannot do this across processes.

let deployment: ModuleDeployment
let other: ConvexProvider

beforeAll(async () => {
  deployment = await startModuleDeployment({ functionsDir: inject('functionsDir') })
  other = createConvexProvider({ url: deployment.double.url, issuer: ISSUER, serverKey: deployment.serverKey })
})
afterAll(async () => {
  await other?.close()
  await deployment?.stop()
})

const putOp = (opId: string) => ({
  opId,
  tableName: 'threads' as const,
  operation: 'put' as const,
  pk: opId,
  payload: { id: opId },
  stamp: { deviceId: 'd', opId, hlc: `${String(Date.now()).padStart(13, '0')}:0000:d`, clock: 1 },
})

it("an instance hears a write made through another instance, and stops hearing once unsubscribed (twice is harmless)", async () => {
  const heard: number[] = []
  const stop = deployment.provider.sync.watch!('ws-shared', (version) => heard.push(version))
  await other.sync.push({ userId: 'server' }, { scope: { workspaceId: 'ws-shared' }, ops: [putOp('one'), putOp('two')] })
  await vi.waitFor(() => expect(heard.at(-1)).toBe(2), { timeout: 5000 })
  await other.sync.push({ userId: 'server' }, { scope: { workspaceId: 'ws-shared' }, ops: [putOp('three')] })
  await vi.waitFor(() => expect(heard.at(-1)).toBe(3), { timeout: 5000 })
  stop()
  expect(() => stop()).not.toThrow()
  await other.sync.push({ userId: 'server' }, { scope: { workspaceId: 'ws-shared' }, ops: [putOp('four')] })
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(heard.at(-1)).toBe(3)
})
