import { describe, expect, it } from 'vitest'
import { isOfflineError } from 'or3-provider-kit'
import { createGatewaySyncProvider, type EventSourceLike } from '../../../app/core/sync/gateway-sync-provider'

const pullRequest = { scope: { workspaceId: 'ws-1' }, cursor: 0 }

function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Array<{ url: string; init?: RequestInit }> = []
  const fetch = (async (url: string, init?: RequestInit) => {
    seen.push({ url, init })
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers })
  }) as unknown as typeof globalThis.fetch
  return { fetch, seen }
}

describe('gateway sync provider', () => {
  it('posts JSON to the core endpoint with the injected base URL and headers', async () => {
    const { fetch, seen } = answering(200, { changes: [], nextCursor: 0, hasMore: false })
    const provider = createGatewaySyncProvider({ baseUrl: 'http://host:1/', fetch, headers: { 'x-test-user': 'alice' } })
    await expect(provider.pull(pullRequest)).resolves.toEqual({ changes: [], nextCursor: 0, hasMore: false })
    expect(seen[0]!.url).toBe('http://host:1/api/sync/pull')
    expect(seen[0]!.init).toMatchObject({ method: 'POST', headers: { 'x-test-user': 'alice', 'content-type': 'application/json' } })
    expect(JSON.parse(String(seen[0]!.init!.body))).toEqual(pullRequest)
  })

  it('turns an error envelope back into the ProviderError, with Retry-After', async () => {
    const { fetch } = answering(429, { error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, { 'retry-after': '17' })
    const provider = createGatewaySyncProvider({ fetch })
    await expect(provider.pull(pullRequest)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests', retryAfterSeconds: 17 })
  })

  it('rejects a success body that is not the protocol answer', async () => {
    const { fetch } = answering(200, { changes: 'nope' })
    await expect(createGatewaySyncProvider({ fetch }).pull(pullRequest)).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('marks a request that never reached the server as offline', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed')
    }) as unknown as typeof globalThis.fetch
    const error = await createGatewaySyncProvider({ fetch }).pull(pullRequest).catch((e) => e)
    expect(error).toMatchObject({ code: 'UNAVAILABLE' })
    expect(isOfflineError(error)).toBe(true)
    const { fetch: failing } = answering(503, 'Bad gateway')
    expect(isOfflineError(await createGatewaySyncProvider({ fetch: failing }).pull(pullRequest).catch((e) => e))).toBe(false)
  })

  it('subscribes to version events and reports a dropped stream once', () => {
    const listeners = new Map<string, (event: { data?: unknown }) => void>()
    let closed = 0
    let url = ''
    const source: EventSourceLike = {
      addEventListener: (type, listener) => listeners.set(type, listener),
      close: () => closed++,
    }
    const provider = createGatewaySyncProvider({
      baseUrl: 'http://host:1',
      createEventSource: (u) => {
        url = u
        return source
      },
    })
    const versions: number[] = []
    let downs = 0
    provider.subscribe!({ workspaceId: 'ws 1' }, { onVersion: (v) => versions.push(v), onDown: () => downs++ })
    expect(url).toBe('http://host:1/api/sync/events?workspaceId=ws%201')

    listeners.get('version')!({ data: '{"serverVersion":7}' })
    listeners.get('version')!({ data: 'garbage' })
    listeners.get('error')!({})
    listeners.get('error')!({})
    listeners.get('version')!({ data: '{"serverVersion":8}' })
    expect(versions).toEqual([7])
    expect(downs).toBe(1)
    expect(closed).toBe(1)
  })
})
