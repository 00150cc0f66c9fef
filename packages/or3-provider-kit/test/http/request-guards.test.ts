import { createApp, createRouter, defineEventHandler, toWebHandler } from 'h3'
import { describe, expect, it } from 'vitest'
import { assertSafeJsonRequest, clientAddress, isHttpsRequest, sendProviderError, type RequestSecurity } from '../../src/server.ts'

const OWN = 'http://chat.example.org'

function guardedApp(security: RequestSecurity, requireOrigin = false) {
  return toWebHandler(
    createApp().use(
      createRouter().use(
        '/action',
        defineEventHandler((event) => {
          try {
            assertSafeJsonRequest(event, security, { requireOrigin })
            return {
              ok: true,
              https: isHttpsRequest(event, security),
              client: clientAddress(event, security),
            }
          } catch (error) {
            return sendProviderError(event, error)
          }
        }),
      ),
    ),
  )
}

const open = { allowedOrigins: ['https://app.example.org'], trustProxy: false }

async function call(handle: ReturnType<typeof guardedApp>, headers: Record<string, string>, init: RequestInit = {}) {
  const response = await handle(
    new Request(`${OWN}/action`, { method: 'POST', headers: { host: 'chat.example.org', ...headers }, ...init }),
    { clientAddress: '198.51.100.7' },
  )
  return { status: response.status, body: (await response.json()) as { error: { code: string }; https: boolean; client: string } }
}

const json = { 'content-type': 'application/json' }
const body = '{"a":1}'

describe('origin guard', () => {
  const handle = guardedApp(open)

  it('allows the server’s own origin and configured origins', async () => {
    expect((await call(handle, { ...json, origin: OWN }, { body })).status).toBe(200)
    expect((await call(handle, { ...json, origin: 'https://app.example.org' }, { body })).status).toBe(200)
  })

  it('refuses a foreign origin, a sibling port, a sibling subdomain and Origin: null with 403', async () => {
    for (const origin of ['https://evil.example', 'http://chat.example.org:8080', 'http://evil.chat.example.org', 'null']) {
      const reply = await call(handle, { ...json, origin }, { body })
      expect(reply.status, origin).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
  })

  it('falls back to the Referer, then to Sec-Fetch-Site, when there is no Origin', async () => {
    expect((await call(handle, { ...json, referer: `${OWN}/chat/1` }, { body })).status).toBe(200)
    expect((await call(handle, { ...json, referer: 'https://evil.example/x' }, { body })).status).toBe(403)
    expect((await call(handle, { ...json, 'sec-fetch-site': 'same-site' }, { body })).status).toBe(403)
    expect((await call(handle, { ...json, 'sec-fetch-site': 'cross-site' }, { body })).status).toBe(403)
    expect((await call(handle, { ...json, 'sec-fetch-site': 'same-origin' }, { body })).status).toBe(200)
  })

  it('lets a client with no origin at all through, unless the route requires one', async () => {
    expect((await call(handle, json, { body })).status).toBe(200)
    expect((await call(guardedApp(open, true), json, { body })).status).toBe(403)
  })

  it('believes X-Forwarded-Host/Proto only from a trusted proxy', async () => {
    const proxied = { ...json, origin: 'https://public.example.org', 'x-forwarded-host': 'public.example.org', 'x-forwarded-proto': 'https' }
    expect((await call(handle, proxied, { body })).status).toBe(403)
    const trusted = await call(guardedApp({ ...open, trustProxy: true }), proxied, { body })
    expect(trusted.status).toBe(200)
    expect(trusted.body.https).toBe(true)
  })

  it('leaves GET and HEAD alone', async () => {
    const response = await handle(new Request(`${OWN}/action`, { headers: { origin: 'https://evil.example' } }))
    expect(response.status).toBe(200)
  })
})

describe('JSON guard', () => {
  const handle = guardedApp(open)

  it('refuses form, multipart, XML and text bodies with 415', async () => {
    const form = new FormData()
    form.set('a', '1')
    const cases: Array<[string, RequestInit]> = [
      ['form-encoded', { body: new URLSearchParams({ a: '1' }) }],
      ['multipart', { body: form }],
      ['xml', { body: '<a/>', headers: { 'content-type': 'application/xml' } }],
      ['text', { body, headers: { 'content-type': 'text/plain' } }],
      ['no type', { body: new Blob([body]) }],
    ]
    for (const [name, init] of cases) {
      const response = await handle(new Request(`${OWN}/action`, { method: 'POST', ...init, headers: { host: 'chat.example.org', origin: OWN, ...(init.headers as object) } }))
      expect(response.status, name).toBe(415)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
  })

  it('accepts JSON (and +json), and a request with no body', async () => {
    expect((await call(handle, { origin: OWN, 'content-type': 'application/json; charset=utf-8' }, { body })).status).toBe(200)
    expect((await call(handle, { origin: OWN, 'content-type': 'application/merge-patch+json' }, { body })).status).toBe(200)
    expect((await call(handle, { origin: OWN })).status).toBe(200)
  })
})

describe('client address and HTTPS', () => {
  it('use X-Forwarded-For / -Proto (the entry the proxy appended) only with trustProxy', async () => {
    const headers = { ...json, 'x-forwarded-for': '10.0.0.1, 203.0.113.9', 'x-forwarded-proto': 'http, https' }
    const untrusted = await call(guardedApp(open), headers, { body })
    expect(untrusted.body).toMatchObject({ client: '198.51.100.7', https: false })
    const trusted = await call(guardedApp({ ...open, trustProxy: true }), headers, { body })
    expect(trusted.body).toMatchObject({ client: '203.0.113.9', https: true })
  })

  it('sees HTTPS from the request itself', async () => {
    const handle = guardedApp(open)
    const response = await handle(new Request('https://chat.example.org/action', { method: 'POST', headers: { host: 'chat.example.org' } }))
    expect(((await response.json()) as { https: boolean }).https).toBe(true)
  })
})
