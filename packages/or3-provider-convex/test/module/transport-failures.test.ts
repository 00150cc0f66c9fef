import { isProviderError, type ProviderError } from 'or3-provider-kit'
import { expectProviderError } from 'or3-provider-kit/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createConvexProvider } from '../../src/runtime/index'
import { createTransport } from '../../src/runtime/server/transport'
import { startFlakyProxy } from '../support/flaky-proxy'
import { ISSUER, newServerKey, startModuleDeployment, type ModuleDeployment } from '../support/module-deployment'

// The real ConvexHttpClient through a network that fails the way networks do: transient failures
// are retried with backoff (a mutation only when it cannot have run, or is idempotent), then
// answered as UNAVAILABLE with a sentence; what the operator must fix goes to the log and the
// admin status. Never a stack, never a token.

let deployment: ModuleDeployment
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>
let logged: string[]
let provider: ReturnType<typeof createConvexProvider>

beforeAll(async () => {
  deployment = await startModuleDeployment({ functionsDir: inject('functionsDir') })
  proxy = await startFlakyProxy(deployment.double.url)
  logged = []
  provider = createConvexProvider({
    url: proxy.url,
    issuer: ISSUER,
    serverKey: deployment.serverKey,
    retry: { attempts: 3, baseDelayMs: 5 },
    log: (line) => void logged.push(line),
  })
})
afterAll(async () => {
  await provider?.close()
  await proxy?.stop()
  await deployment?.stop()
})

const failure = async (promise: Promise<unknown>) => (await promise.then(() => null, (error: unknown) => error)) as ProviderError

describe('transient failures', () => {
  it('a query is retried through a proxy answering 503 twice', async () => {
    proxy.seen.length = 0
    proxy.failNext({ status: 503 }, { status: 502 })
    expect(await provider.limits.consume('retry-query', { windowMs: 60_000, limit: 5 })).toMatchObject({ allowed: true })
    expect(proxy.seen).toHaveLength(3)
  })

  it('a mutation whose answer was lost is not repeated unless it is idempotent', async () => {
    proxy.seen.length = 0
    proxy.failNext('drop')
    const lost = await failure(provider.jobs.create({ userId: 'u-lost', threadId: 't', messageId: 'm' }))
    expect(isProviderError(lost) && lost.code).toBe('UNAVAILABLE')
    expect(proxy.seen, 'one attempt: a second could start the job twice').toHaveLength(1)
    expect(await provider.jobs.countRunning('u-lost'), 'it did run once').toBe(1)

    proxy.seen.length = 0
    proxy.failNext('drop')
    const op = { opId: 'idem-1', tableName: 'threads' as const, operation: 'put' as const, pk: 'p', payload: { id: 'p' }, stamp: { deviceId: 'd', opId: 'idem-1', hlc: '0000000000001:0000:d', clock: 1 } }
    const pushed = await provider.sync.push({ userId: 'server' }, { scope: { workspaceId: 'ws-idem' }, ops: [op] })
    expect(pushed.results[0], 'the replay answers the first result').toMatchObject({ opId: 'idem-1', applied: true })
    expect(proxy.seen).toHaveLength(2)
  })

  it('an unreachable deployment: UNAVAILABLE with a sentence, the URL and OR3_CONVEX_URL in the log and admin status', async () => {
    const down = createConvexProvider({
      url: 'http://127.0.0.1:9',
      issuer: ISSUER,
      serverKey: newServerKey(),
      retry: { attempts: 3, baseDelayMs: 5 },
      log: (line) => void logged.push(line),
    })
    const refused = await failure(down.limits.consume('k', { windowMs: 1000, limit: 1 }))
    expect(refused.code).toBe('UNAVAILABLE')
    expect(refused.message).toBe('OR3 cannot reach its data service (Convex) right now; try again shortly')
    expect(refused.retryAfterSeconds).toBeGreaterThan(0)
    expect(logged.at(-1)).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9.*check OR3_CONVEX_URL/)
    const status = await down.admin.getStatus()
    expect(status.healthy).toBe(false)
    expect(status.warnings.join(' ')).toContain('check OR3_CONVEX_URL')
    await down.close()
  })
})

describe('what only an operator can fix', () => {
  it("a deployment that does not trust this server's key: the log says which variables to set", async () => {
    const stranger = createConvexProvider({ url: deployment.double.url, issuer: ISSUER, serverKey: newServerKey(), log: (line) => void logged.push(line) })
    await expectProviderError(stranger.limits.consume('k', { windowMs: 1000, limit: 1 }), 'UNAVAILABLE', 'an untrusted server token')
    expect(logged.at(-1)).toContain("refused this server's token")
    expect(logged.at(-1)).toContain('OR3_JWT_ISSUER and OR3_JWKS')
    await stranger.close()
  })

  it('a function the deployment does not have: deploy the backend folder', async () => {
    await expectProviderError(provider.convex.query('nothing:here', {}, { as: 'server' }), 'UNAVAILABLE', 'an undeployed function')
    expect(logged.at(-1)).toMatch(/cannot run nothing:here .*deploy the backend folder/)
    expect((await provider.admin.getStatus()).warnings.join(' ')).toContain('nothing:here')
  })

  it('nothing logged or shown carries a token or the key', async () => {
    const pem = deployment.serverKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const text = JSON.stringify([logged, await provider.admin.getStatus()])
    expect(text).not.toContain(pem.split('\n')[1])
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })
})

describe('HTTP clients', () => {
  it('are kept one per token, the least recently used dropped beyond the bound', () => {
    const transport = createTransport({ url: 'http://127.0.0.1:9', timeoutMs: 1000, maxClients: 2 })
    const [a, b] = [transport.clientFor('token-a'), transport.clientFor('token-b')]
    expect(transport.clientFor('token-a')).toBe(a)
    transport.clientFor('token-c')
    expect(transport.clientFor('token-a'), 'a was used last: kept').toBe(a)
    expect(transport.clientFor('token-b'), 'b was the least recently used: a new client').not.toBe(b)
  })
})
