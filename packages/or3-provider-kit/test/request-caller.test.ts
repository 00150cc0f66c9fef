import { describe, expect, it } from 'vitest'
import { currentCaller, runAsServer, runWithCaller, type ProviderCaller } from '../src/caller/request-caller.ts'

const callerOf = (user: string): ProviderCaller => ({ getToken: async (providerId) => `${providerId}:${user}` })

describe('the request caller', () => {
  it('is null outside a request: server work', () => {
    expect(currentCaller()).toBeNull()
  })

  it('follows each request through its awaits and timers, without leaking into another', async () => {
    const seen: string[] = []
    const request = (user: string) =>
      runWithCaller(callerOf(user), async () => {
        await new Promise((resolve) => setTimeout(resolve, user === 'alice' ? 5 : 1))
        seen.push((await currentCaller()!.getToken('convex'))!)
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            // Work a handler leaves running (a timer it set) still runs for its caller.
            void currentCaller()
              ?.getToken('convex')
              .then((token) => void seen.push(`later ${token}`))
              .then(resolve)
          }, 1),
        )
      })
    await Promise.all([request('alice'), request('bob')])
    expect(seen.sort()).toEqual(['convex:alice', 'convex:bob', 'later convex:alice', 'later convex:bob'])
    expect(currentCaller()).toBeNull()
  })

  it('runAsServer drops the caller inside a request, and only there', async () => {
    await runWithCaller(callerOf('alice'), async () => {
      expect(runAsServer(() => currentCaller())).toBeNull()
      expect(await currentCaller()?.getToken('convex')).toBe('convex:alice')
    })
  })
})
