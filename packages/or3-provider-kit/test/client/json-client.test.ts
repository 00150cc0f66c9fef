// The client half of the error edge against the server half: what sendProviderError writes,
// createJsonClient reads back as the same ProviderError.
import { createApp, createRouter, defineEventHandler, readBody, toWebHandler } from 'h3'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  createJsonClient,
  describeFailure,
  isOfflineError,
  isProviderError,
  PROVIDER_ERROR_CODES,
  ProviderError,
  type FetchLike,
} from '../../src/index.ts'
import { sendProviderError } from '../../src/server.ts'

const thrown = new Map<string, ProviderError>()
const app = createApp().use(
  createRouter()
    .post('/echo', defineEventHandler(async (event) => ({ got: await readBody(event), type: event.headers.get('content-type') })))
    .get('/fail/:code', defineEventHandler((event) => sendProviderError(event, thrown.get(event.context.params!.code!))))
    .get('/proxy-error', defineEventHandler((event) => {
      event.node.res.statusCode = 502
      return 'Bad Gateway'
    })),
)
const handler = toWebHandler(app)
const viaApp: FetchLike = (input, init) => handler(new Request(input, init))
const client = createJsonClient({ baseUrl: 'http://or3.test', fetch: viaApp })

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('the call succeeded'), (error: unknown) => error)
}

describe('createJsonClient', () => {
  it('sends JSON and validates the answer with the given schema', async () => {
    const answer = await client.request('/echo', { body: { a: 1 }, schema: z.object({ got: z.object({ a: z.number() }), type: z.string() }) })
    expect(answer).toEqual({ got: { a: 1 }, type: 'application/json' })
    const wrong = await failure(client.request('/echo', { body: {}, schema: z.object({ missing: z.string() }) }))
    expect([isProviderError(wrong), (wrong as ProviderError).code]).toEqual([true, 'INTERNAL'])
  })

  it('reads every error sendProviderError writes back into the same ProviderError', async () => {
    for (const code of PROVIDER_ERROR_CODES) {
      thrown.set(code, new ProviderError(code, `because ${code}`, { fields: { name: ['required'] }, retryAfterSeconds: 3 }))
      const error = (await failure(client.request(`/fail/${code}`))) as ProviderError
      expect([error.code, error.message, error.fields, error.retryAfterSeconds], code).toEqual([code, `because ${code}`, { name: ['required'] }, 3])
    }
  })

  it('gives an answer without an envelope the code of its status', async () => {
    const error = (await failure(client.request('/proxy-error'))) as ProviderError
    expect([error.code, error.message]).toEqual(['UNAVAILABLE', 'The server answered /proxy-error with HTTP 502'])
    expect(isOfflineError(error), 'the server did answer').toBe(false)
  })

  it('tells a server that never answered apart, and rethrows a caller abort as it is', async () => {
    const down = createJsonClient({ fetch: () => Promise.reject(new TypeError('fetch failed')), offlineMessage: 'Offline for now' })
    const offline = await failure(down.request('/x'))
    expect([isOfflineError(offline), describeFailure(offline).message]).toEqual([true, 'Offline for now'])
    const controller = new AbortController()
    controller.abort(new Error('user left'))
    const aborted = await failure(createJsonClient({ fetch: (_, init) => Promise.reject(init?.signal?.reason) }).request('/x', { signal: controller.signal }))
    expect((aborted as Error).message).toBe('user left')
  })
})

describe('describeFailure', () => {
  it("shows the server's sentence and fields, or the fallback for anything else", () => {
    const refused = new ProviderError('VALIDATION', 'Enter a valid email address', { fields: { email: ['invalid'] } })
    expect(describeFailure(refused)).toEqual({ code: 'VALIDATION', message: 'Enter a valid email address', fields: { email: ['invalid'] } })
    expect(describeFailure(new TypeError('x is undefined'), 'Could not save')).toEqual({ code: null, message: 'Could not save', fields: {} })
  })
})
