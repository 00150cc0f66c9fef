import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLikeClient } from './support/browser-like-client'
import { startEmbeddedHost, type EmbeddedServer } from './support/embedded-host'
import { clientFor } from './support/http'
import { openRawEventStream, type RawEventStream } from './support/raw-event-stream'
import { startServer, type RunningServer } from './support/start-server'

const TEST_PROVIDERS = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'test', OR3_STRICT: 'true' }
const CAP = 3

/** Polls until `read` returns `want` (or time runs out) and returns the last value read. */
async function settle<T>(read: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await read()
  while (value !== want && Date.now() < deadline) {
    await Bun.sleep(50)
    value = await read()
  }
  return value
}

describe('event streams (test providers)', () => {
  let server: RunningServer
  const admin = () => clientFor(server.url, 'alice')
  const openStreams = async () => (await admin().get('/api/admin/status')).body.eventStreams.open as number
  const personalWorkspace = async (user: string) => (await clientFor(server.url, user).get('/api/auth/session')).body.workspace.id as string
  const listen = (user: string, workspaceId: string) =>
    openRawEventStream(server.url, `/api/sync/events?workspaceId=${workspaceId}`, { 'x-test-user': user })

  beforeAll(async () => {
    server = await startServer({
      env: { ...TEST_PROVIDERS, OR3_EVENT_STREAMS_PER_USER: String(CAP), OR3_EVENT_STREAM_RECHECK_SECONDS: '1', OR3_LIMITS_PER_MINUTE: '100000' },
    })
    await personalWorkspace('alice') // the first account: the deployment admin
  })
  afterAll(() => server?.stop())

  it('releases every dropped connection: after 100 dropped streams the open count is back to 0', async () => {
    const streams: RawEventStream[] = []
    for (let i = 0; i < 50; i++) {
      const user = `dropper-${i}`
      const workspaceId = await personalWorkspace(user)
      for (let j = 0; j < 2; j++) streams.push(listen(user, workspaceId))
    }
    await Promise.all(streams.map((stream) => stream.waitFor(/event: ready/)))
    expect(await openStreams()).toBe(100)
    for (const stream of streams) stream.drop()
    expect(await settle(openStreams, 0)).toBe(0)
  })

  it(`answers the ${CAP + 1}th open stream of one user with 429 and a sentence, and admits again once one closes`, async () => {
    const workspaceId = await personalWorkspace('carol')
    const open = Array.from({ length: CAP }, () => listen('carol', workspaceId))
    await Promise.all(open.map((stream) => stream.waitFor(/event: ready/)))
    const over = await fetch(`${server.url}/api/sync/events?workspaceId=${workspaceId}`, { headers: { 'x-test-user': 'carol' } })
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    const { error } = (await over.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.message).toMatch(/already have 3 live connections open.*close some tabs/)
    // Another user is not affected.
    const dave = listen('dave', await personalWorkspace('dave'))
    await dave.waitFor(/event: ready/)

    open[0]!.drop()
    await settle(openStreams, CAP) // carol's two left, and dave's
    const again = listen('carol', workspaceId)
    await again.waitFor(/event: ready/)
    for (const stream of [...open, dave, again]) stream.drop()
    expect(await settle(openStreams, 0)).toBe(0)
  })

  it("ends a removed member's stream", async () => {
    const owner = clientFor(server.url, 'erin')
    await personalWorkspace('erin')
    const frank = clientFor(server.url, 'frank')
    const frankId = (await frank.get('/api/auth/session')).body.user.id as string
    const shared = (await owner.post('/api/workspaces', { name: 'Shared' })).body.workspace.id as string
    const invited = await owner.post(`/api/workspaces/${shared}/invitations`, { email: 'frank@example.test', role: 'viewer' })
    const token = invited.body.invitePath.replace('/invite/', '')
    expect((await frank.post('/api/invitations/accept', { token })).status).toBe(200)

    const stream = listen('frank', shared)
    await stream.waitFor(/event: ready/)
    // Still a member: the stream stays through a re-check.
    await Bun.sleep(1_500)
    expect(stream.text()).not.toMatch(/event: end/)

    expect((await owner.delete(`/api/workspaces/${shared}/members/${frankId}`)).status).toBeLessThan(300)
    await stream.waitFor(/event: end\ndata: \{"reason":"You no longer have access to workspace/)
    await stream.ended()
    expect(await settle(openStreams, 0)).toBe(0)
  })
})

describe('event streams and sign-out (embedded providers)', () => {
  let server: EmbeddedServer
  beforeAll(async () => {
    server = await startEmbeddedHost({ OR3_EVENT_STREAM_RECHECK_SECONDS: '1' })
  })
  afterAll(() => server?.stop())

  it("ends a session's streams when it signs out", async () => {
    const device = browserLikeClient(server.url)
    await device.post('/api/basic-auth/register', { email: 'leaving@example.com', password: 'a long enough passphrase' })
    const workspaceId = (await device.get('/api/auth/session')).body.workspace.id as string
    const cookie = [...device.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const stream = openRawEventStream(server.url, `/api/sync/events?workspaceId=${workspaceId}`, { cookie })
    await stream.waitFor(/event: ready/)

    expect((await device.post('/api/basic-auth/sign-out')).status).toBe(200)
    await stream.waitFor(/event: end\ndata: \{"reason":"Your session has ended/)
    await stream.ended()
  })
})
