import { ConvexClient, ConvexHttpClient } from 'convex/browser'
import { ConvexError } from 'convex/values'
import { makeFunctionReference } from 'convex/server'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { startDeploymentDouble, type DeploymentDouble } from '../src/testing/deployment-double'
import { createTestIssuer, type TestIssuer } from '../src/testing/test-issuer'
import { startOidcIssuer } from './support/oidc-issuer'

// The deployment double's own protocol: what the real ConvexHttpClient sees on success, on a
// function's refusal, on a bad or foreign token, on an internal function, and at the limits.

const query = (path: string) => makeFunctionReference<'query'>(path)
const mutation = (path: string) => makeFunctionReference<'mutation'>(path)

/** What a call threw: a ConvexError's data, or an Error's message. */
async function failureOf(call: Promise<unknown>): Promise<{ data?: unknown; message: string; isConvexError: boolean }> {
  try {
    await call
  } catch (error) {
    return { data: (error as { data?: unknown }).data, message: (error as Error).message, isConvexError: error instanceof ConvexError }
  }
  throw new Error('the call succeeded')
}

describe('deployment double: the HTTP API the real ConvexHttpClient speaks', () => {
  let issuer: TestIssuer
  let clerk: Awaited<ReturnType<typeof startOidcIssuer>>
  let double: DeploymentDouble
  const client = (token?: string) => {
    const c = new ConvexHttpClient(double.url, { logger: false })
    if (token) c.setAuth(token)
    return c
  }

  beforeAll(async () => {
    issuer = await createTestIssuer()
    clerk = await startOidcIssuer()
    double = await startDeploymentDouble({
      functionsDir: inject('functionsDir'),
      env: { ...issuer.env(), CLERK_JWT_ISSUER_DOMAIN: clerk.domain },
      maxArgumentBytes: 64 * 1024,
    })
  })
  afterAll(async () => {
    await double.stop()
    await clerk.stop()
  })

  it("a user token of OR3's issuer runs functions as that user; a ConvexError arrives as ConvexError data", async () => {
    const alice = client(await issuer.mint({ sub: 'alice', email: 'alice@example.test', email_verified: true }))
    const { user } = await alice.mutation(mutation('users:getOrCreate'), {})
    expect(user.email, "the token's email became the profile").toBe('alice@example.test')
    const refused = await failureOf(alice.query(query('sync:pull'), { workspaceId: 'someone-elses', cursor: 0 }))
    expect([refused.isConvexError, refused.data], 'a function refusal, with its code').toEqual([
      true,
      { code: 'FORBIDDEN', message: 'You are not a member of this workspace' },
    ])
  })

  it('an OIDC provider (Clerk) is trusted through its discovery document, for the convex audience only', async () => {
    const bob = client(await clerk.mint({ sub: 'user_bob', email: 'bob@example.test', email_verified: true }))
    const { user } = await bob.mutation(mutation('users:getOrCreate'), {})
    expect(user.email, 'a Clerk user is registered').toBe('bob@example.test')
    const otherAudience = await failureOf(client(await clerk.mint({ sub: 'user_eve' }, 'not-convex')).query(query('users:me'), {}))
    expect(otherAudience.message, 'another audience is refused before any function runs').toMatch(/Unauthenticated/)
  })

  it('tokens that do not verify are refused with 401: bad signature, unknown issuer, expired, not a JWT', async () => {
    const impostor = await createTestIssuer(issuer.issuer)
    const stranger = await createTestIssuer('https://somewhere-else.test')
    const tokens = {
      'signed by another key': await impostor.mint({ sub: 'mallory' }),
      'from an issuer auth.config does not name': await stranger.mint({ sub: 'mallory' }),
      expired: await issuer.mint({ sub: 'mallory' }, { expiresInSeconds: -60 }),
      'for another audience': await issuer.mint({ sub: 'mallory' }, { audience: 'elsewhere' }),
      'not a JWT': 'garbage',
    }
    for (const [what, token] of Object.entries(tokens)) {
      const refused = await failureOf(client(token).query(query('users:me'), {}))
      expect(refused.message, what).toMatch(/"code":"Unauthenticated"/)
    }
  })

  it("the OR3 server's token reaches server-only functions; it is never a user", async () => {
    const server = client(await issuer.serverToken())
    const decision = await server.mutation(mutation('rateLimits:consume'), { key: 'k', windowMs: 60_000, limit: 1 })
    expect(decision.allowed, 'server work runs').toBe(true)
    expect((await failureOf(server.mutation(mutation('users:getOrCreate'), {}))).data, 'but never as a user').toMatchObject({ code: 'FORBIDDEN' })
  })

  it('internal functions answer only the admin key; admin auth may act as an identity', async () => {
    const user = client(await issuer.mint({ sub: 'carol' }))
    const hidden = await failureOf(user.mutation(mutation('maintenance:purgeRateLimits'), {}))
    expect([hidden.isConvexError, hidden.message], 'an internal function is not public').toEqual([false, expect.stringMatching(/Could not find public function/)])
    const admin = new ConvexHttpClient(double.url, { logger: false }) as ConvexHttpClient & { setAdminAuth(key: string, identity?: object): void }
    admin.setAdminAuth(double.adminKey)
    expect(await admin.mutation(mutation('maintenance:purgeRateLimits'), {}), 'the admin key runs it').toMatchObject({ hasMore: false })
    admin.setAdminAuth(double.adminKey, { subject: 'dave', issuer: issuer.issuer, tokenIdentifier: `${issuer.issuer}|dave` })
    expect(await admin.query(query('users:me'), {}), 'acting as an identity with no account yet').toBeNull()
    admin.setAdminAuth('not-the-key')
    expect((await failureOf(admin.query(query('users:me'), {}))).message, 'a wrong admin key').toMatch(/BadAdminKey/)
  })

  it('a function called as the wrong kind, an unknown function, bad arguments and oversize arguments fail as Convex fails them', async () => {
    const c = client(await issuer.mint({ sub: 'erin' }))
    const wrongKind = await failureOf(c.query(query('sync:push'), { workspaceId: 'x', ops: [] }))
    expect(wrongKind.message, 'a mutation through /api/query').toMatch(/as Query, but it is defined as Mutation/)
    expect((await failureOf(c.query(query('nothing:here'), {}))).message, 'an unknown function').toMatch(/Could not find public function/)
    const badArgs = await failureOf(c.query(query('sync:pull'), { workspaceId: 1, cursor: 0 }))
    expect([badArgs.isConvexError, badArgs.message], 'an argument validator failure is a server error, not data').toEqual([false, expect.stringMatching(/Server Error/)])
    const huge = await failureOf(c.mutation(mutation('workspaces:create'), { name: 'x'.repeat(70 * 1024) }))
    expect(huge.message, 'arguments over the limit').toMatch(/ArgumentsTooLarge/)
  })

  it('an upload URL takes one upload and answers its storage id; reset forgets everything', async () => {
    const frank = client(await issuer.mint({ sub: 'frank' }))
    await frank.mutation(mutation('users:getOrCreate'), {})
    const personal = await frank.mutation(mutation('workspaces:ensurePersonal'), {})
    const bytes = new TextEncoder().encode('one upload')
    const hash = `sha256:${new Bun.CryptoHasher('sha256').update(bytes).digest('hex')}`
    const presigned = await frank.mutation(mutation('storage:presignUpload'), { workspaceId: personal.id, hash, mimeType: 'text/plain', sizeBytes: bytes.length })
    expect(presigned.url.startsWith(`${double.url}/api/storage/upload?token=`), 'the upload URL is on the double').toBe(true)
    // A page uploads from its own origin: the preflight and the answer allow it, as Convex's do.
    const preflight = await fetch(presigned.url, { method: 'OPTIONS', headers: { origin: 'https://chat.example', 'access-control-request-method': 'POST' } })
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')], 'a cross-origin upload is allowed').toEqual([204, '*'])
    const first = await fetch(presigned.url, { method: 'POST', headers: presigned.headers, body: bytes })
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    expect(Object.keys((await first.json()) as object), 'Convex answers the storage id').toEqual(['storageId'])
    const second = await fetch(presigned.url, { method: 'POST', headers: presigned.headers, body: bytes })
    expect(second.status, 'the token was used').toBe(400)
    await double.reset()
    expect((await failureOf(frank.query(query('workspaces:list'), {}))).data, 'after reset the user is unknown').toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})

describe('deployment double: the websocket sync protocol the real ConvexClient speaks', () => {
  let issuer: TestIssuer
  let double: DeploymentDouble
  beforeAll(async () => {
    issuer = await createTestIssuer()
    double = await startDeploymentDouble({ functionsDir: inject('functionsDir'), env: issuer.env() })
  })
  afterAll(() => double.stop())

  const socketClient = (token: string) => {
    const client = new ConvexClient(double.url, { logger: false })
    client.setAuth(async () => token)
    return client
  }

  it("a subscription hears every version another caller writes over HTTP, and stops when unsubscribed", async () => {
    const token = await issuer.mint({ sub: 'watcher', email: 'watcher@example.test' })
    const http = new ConvexHttpClient(double.url, { logger: false })
    http.setAuth(token)
    await http.mutation(mutation('users:getOrCreate'), {})
    const workspace = await http.mutation(mutation('workspaces:ensurePersonal'), {})
    const client = socketClient(token)
    const heard: number[] = []
    const unsubscribe = client.onUpdate(query('sync:latestVersion'), { workspaceId: workspace.id }, ({ version }: { version: number }) => heard.push(version))
    try {
      await vi.waitFor(() => expect(heard, 'the first answer').toEqual([0]), { timeout: 5000 })
      const op = (opId: string) => ({ opId, tableName: 'threads', operation: 'put', pk: opId, payloadJson: '{}', stamp: { deviceId: 'd', opId, hlc: 'h', clock: 1 } })
      const server = new ConvexHttpClient(double.url, { logger: false })
      server.setAuth(await issuer.serverToken())
      await server.mutation(mutation('sync:push'), { workspaceId: workspace.id, ops: [op('a'), op('b')] })
      await vi.waitFor(() => expect(heard.at(-1), 'a push over HTTP by the server').toBe(2), { timeout: 5000 })
      await client.mutation(mutation('sync:push'), { workspaceId: workspace.id, ops: [op('c')] })
      await vi.waitFor(() => expect(heard.at(-1), 'a push over the websocket itself').toBe(3), { timeout: 5000 })
      expect(heard, 'versions arrive in order, each once').toEqual([0, 2, 3])
      unsubscribe()
      await server.mutation(mutation('sync:push'), { workspaceId: workspace.id, ops: [op('d')] })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(heard.at(-1), 'nothing after unsubscribing').toBe(3)
    } finally {
      await client.close()
    }
  })

  it('refusals reach the subscriber and the mutation caller as ConvexError data; a bad token is an auth error', async () => {
    const token = await issuer.mint({ sub: 'outsider' })
    const client = socketClient(token)
    try {
      await client.mutation(mutation('users:getOrCreate'), {})
      const failure = await new Promise<unknown>((resolve) => {
        client.onUpdate(query('sync:latestVersion'), { workspaceId: 'not-mine' }, () => resolve('answered'), resolve)
      })
      expect((failure as { data?: unknown }).data, 'the subscription fails with the function refusal').toMatchObject({ code: 'FORBIDDEN' })
      const refused = await failureOf(client.mutation(mutation('sync:push'), { workspaceId: 'not-mine', ops: [] }))
      expect([refused.isConvexError, refused.data], 'the mutation too').toEqual([true, expect.objectContaining({ code: 'FORBIDDEN' })])
    } finally {
      await client.close()
    }
    const rejected = new ConvexClient(double.url, { logger: false })
    try {
      const authChanges = await new Promise<boolean>((resolve) => rejected.setAuth(async () => 'not-a-token', resolve))
      expect(authChanges, 'the client learns the token was refused').toBe(false)
    } finally {
      await rejected.close()
    }
  })
})

describe('deployment double in its own process', () => {
  it('verifies an OIDC provider with keys given in OR3_CONVEX_DOUBLE_OIDC_KEYS, no discovery needed', async () => {
    const issuer = await createTestIssuer()
    const clerk = await startOidcIssuer()
    await clerk.stop() // its discovery document is unreachable from now on
    const child = spawn(process.execPath, [fileURLToPath(new URL('../src/testing/serve.ts', import.meta.url))], {
      env: {
        ...process.env,
        ...issuer.env(),
        CLERK_JWT_ISSUER_DOMAIN: clerk.domain,
        OR3_CONVEX_DOUBLE_OIDC_KEYS: JSON.stringify({ [clerk.domain]: clerk.jwks }),
        OR3_CONVEX_DOUBLE_FUNCTIONS_DIR: inject('functionsDir'),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`the double exited with ${code}`)))
      })
      const c = new ConvexHttpClient((JSON.parse(line) as { url: string }).url, { logger: false })
      c.setAuth(await clerk.mint({ sub: 'user_ivy', email: 'ivy@example.test', email_verified: true }))
      expect((await c.mutation(mutation('users:getOrCreate'), {})).user.email).toBe('ivy@example.test')
    } finally {
      child.stdin!.end()
      await new Promise((resolve) => child.once('exit', resolve))
    }
  })

  it('starts with `bun serve.ts` (no Vite, no vitest), prints its URL and serves the real client', async () => {
    const issuer = await createTestIssuer()
    const child = spawn(process.execPath, [fileURLToPath(new URL('../src/testing/serve.ts', import.meta.url))], {
      env: { ...process.env, ...issuer.env(), OR3_CONVEX_DOUBLE_FUNCTIONS_DIR: inject('functionsDir') },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`the double exited with ${code}`)))
      })
      const { url, adminKey } = JSON.parse(line) as { url: string; adminKey: string }
      const c = new ConvexHttpClient(url, { logger: false })
      c.setAuth(await issuer.mint({ sub: 'grace', email: 'grace@example.test' }))
      expect((await c.mutation(mutation('users:getOrCreate'), {})).created, 'a function ran in the other process').toBe(true)
      const reset = await fetch(`${url}/_double/reset`, { method: 'POST', headers: { Authorization: `Convex ${adminKey}` } })
      expect(reset.status, 'reset with the admin key').toBe(204)
      expect(await c.query(query('users:me'), {}), 'and the deployment is empty again').toBeNull()
    } finally {
      child.stdin!.end()
      await new Promise((resolve) => child.once('exit', resolve))
    }
  })
})
