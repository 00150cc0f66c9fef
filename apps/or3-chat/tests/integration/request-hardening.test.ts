import { sendChunkedBody } from 'or3-provider-kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'

const TEST_PROVIDERS = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'test', OR3_STRICT: 'true' }
const MiB = 1024 * 1024
const ALLOWED = 'https://app.example.test'

let server: RunningServer
let workspaceId: string

beforeAll(async () => {
  server = await startServer({ env: { ...TEST_PROVIDERS, OR3_ALLOWED_ORIGINS: ALLOWED } })
  workspaceId = (await clientFor(server.url, 'alice').get('/api/auth/session')).body.workspace.id
})
afterAll(() => server?.stop())

const port = () => Number(new URL(server.url).port)
const pull = () => JSON.stringify({ scope: { workspaceId }, cursor: 0 })

/** A POST as a browser page of `origin` would send it (signed in as alice). */
function postAs(origin: string | undefined, body: BodyInit, contentType = 'application/json') {
  return fetch(`${server.url}/api/sync/pull`, {
    method: 'POST',
    headers: { 'x-test-user': 'alice', 'content-type': contentType, ...(origin ? { origin } : {}) },
    body,
  })
}

describe('request bodies are read through the capped streaming reader', () => {
  it('cuts a 150 MiB chunked POST with no session and no Content-Length at 8 MiB: 413, connection closed', async () => {
    const result = await sendChunkedBody(port(), {
      path: '/api/sync/push',
      totalBytes: 150 * MiB,
      headers: { 'content-type': 'application/json' },
    })
    // The whole result in the message: which of answer, close and bytes went wrong. The server
    // answers 413 and closes while the client is still writing; closing a socket with unread
    // bytes sends a TCP reset, and a reset can reach the client before it has read the answer
    // (seen on an idle machine). So: the answer, when one could be read, is 413; and either way
    // the connection is closed and the server stopped reading early.
    expect(result.closed, JSON.stringify(result)).toBe(true)
    if (result.status !== null) expect(result.status, JSON.stringify(result)).toBe(413)
    // The server read 8 MiB and stopped: what the client got out is that plus socket buffers.
    expect(result.sentBytes).toBeLessThan(64 * MiB)
    // And it still serves.
    expect((await fetch(`${server.url}/api/auth/session`)).status).toBe(200)
  })

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const response = await postAs(undefined, new Uint8Array(9 * MiB))
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE')
  })
})

describe('CSRF: state-changing core routes', () => {
  it('refuse a foreign origin, a sibling port and Origin: null with 403', async () => {
    const sibling = new URL(server.url)
    sibling.port = String(port() + 1)
    for (const origin of ['https://evil.example', sibling.origin, 'null']) {
      const response = await postAs(origin, pull())
      expect(response.status, origin).toBe(403)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN')
    }
  })

  it('refuse multipart, XML and form-encoded bodies with 415, even from the same origin', async () => {
    const form = new FormData()
    form.set('scope', 'x')
    const cases: Array<[string, BodyInit, string | undefined]> = [
      ['multipart', form, undefined],
      ['xml', '<pull/>', 'application/xml'],
      ['form', new URLSearchParams({ cursor: '0' }), 'application/x-www-form-urlencoded'],
      ['text', pull(), 'text/plain'],
    ]
    for (const [name, body, type] of cases) {
      const response = await fetch(`${server.url}/api/sync/pull`, {
        method: 'POST',
        headers: { 'x-test-user': 'alice', origin: server.url, ...(type ? { 'content-type': type } : {}) },
        body,
      })
      expect(response.status, name).toBe(415)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
  })

  it('accept the server’s own origin, a configured origin, and a client that sends no origin', async () => {
    for (const origin of [server.url, ALLOWED, undefined]) {
      expect((await postAs(origin, pull())).status, origin ?? 'no origin').toBe(200)
    }
  })

  it('leave GET alone', async () => {
    const response = await fetch(`${server.url}/api/workspaces`, { headers: { 'x-test-user': 'alice', origin: 'https://evil.example' } })
    expect(response.status).toBe(200)
  })
})

describe('security headers', () => {
  const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1]

  it('serve pages with a nonce CSP the page really uses, framing refused, and no x-powered-by', async () => {
    const first = await fetch(server.url)
    const policy = first.headers.get('content-security-policy') ?? ''
    const directives = Object.fromEntries(
      policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    )
    expect(directives['script-src']).toEqual(expect.arrayContaining(["'self'", "'strict-dynamic'"]))
    expect(directives['script-src']).not.toContain("'unsafe-inline'")
    expect(directives['script-src']).not.toContain("'unsafe-eval'")
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(directives['object-src']).toEqual(["'none'"])
    // Nothing from a CDN: only this origin (and what a provider asked for, below).
    expect(policy).not.toMatch(/(^|\s)https:(\s|;|$)/)
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(first.headers.get('referrer-policy')).toBe('same-origin')
    expect(first.headers.get('x-frame-options')).toBe('DENY')
    expect(first.headers.get('x-powered-by')).toBeNull()

    const html = await first.text()
    const nonce = nonceOf(policy)!
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // A new nonce for every page.
    expect(nonceOf((await fetch(server.url)).headers.get('content-security-policy') ?? '')).not.toBe(nonce)
  })

  it("add the remote origins a provider asked for (the test auth provider's) to the page policy", async () => {
    const policy = (await fetch(server.url)).headers.get('content-security-policy') ?? ''
    expect(policy).toMatch(/script-src [^;]*https:\/\/auth\.test-double\.example/)
    expect(policy).toMatch(/connect-src 'self' https:\/\/auth\.test-double\.example/)
  })

  it('mark API answers nosniff, without x-powered-by', async () => {
    const response = await fetch(`${server.url}/api/auth/session`)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-powered-by')).toBeNull()
  })
})

describe('a rate-limit store that cannot count (full disk)', () => {
  let full: RunningServer
  beforeAll(async () => {
    full = await startServer({ env: { ...TEST_PROVIDERS, OR3_LIMITS_PROVIDER: 'full-disk' } })
  })
  afterAll(() => full?.stop())

  it('lets reads through (GET, pull) and says so in the log, while writes answer 503', async () => {
    const alice = clientFor(full.url, 'alice')
    const workspaces = await alice.get('/api/workspaces')
    expect(workspaces.status).toBe(200)
    const id = workspaces.body.workspaces[0].id as string
    expect((await alice.post('/api/sync/pull', { scope: { workspaceId: id }, cursor: 0 })).status).toBe(200)
    const stamp = { deviceId: 'device-1', opId: 'op-1', hlc: '0000000001000:0000:device-1', clock: 1 }
    const op = { opId: 'op-1', tableName: 'threads', operation: 'put', pk: 't-1', payload: { id: 't-1', title: 'x' }, stamp }
    const push = await alice.post('/api/sync/push', { scope: { workspaceId: id }, ops: [op] })
    expect(push.status).toBe(503)
    expect(push.body.error.code).toBe('UNAVAILABLE')
    expect(full.output()).toMatch(/rate limits are not being counted \(The disk holding the rate limits is full\)/)
  })
})
