import { describe, expect, it } from 'vitest'
import { ProviderError } from 'or3-provider-kit'
import { createMemoryBackgroundJobStore } from 'or3-provider-kit/server'
import { createJobWithinCap } from '../../../server/core/jobs/create-job-within-cap'

describe('background job cap', () => {
  it('lets simultaneous starts of one user through only up to the cap', async () => {
    const jobs = createMemoryBackgroundJobStore()
    let spent = 0
    const starts = Array.from({ length: 5 }, (_, i) =>
      createJobWithinCap(jobs, { userId: 'u1', threadId: 't', messageId: `m${i}` }, 2, async () => {
        spent++
      }),
    )
    const results = await Promise.allSettled(starts)
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(refused).toHaveLength(3)
    expect(refused[0]!.reason).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 5 })
    // A refused start spends nothing (no daily message).
    expect(spent).toBe(2)
    expect(await jobs.countRunning('u1')).toBe(2)
    // Other users have their own cap.
    await expect(createJobWithinCap(jobs, { userId: 'u2', threadId: 't', messageId: 'm' }, 2)).resolves.toBeTruthy()
  })

  it('a start its chat limit refuses holds no place under the cap', async () => {
    const jobs = createMemoryBackgroundJobStore()
    const overLimit = async () => {
      throw new ProviderError('RATE_LIMITED', 'daily cap')
    }
    await expect(createJobWithinCap(jobs, { userId: 'u1', threadId: 't', messageId: 'm' }, 1, overLimit)).rejects.toMatchObject({ message: 'daily cap' })
    expect(await jobs.countRunning('u1')).toBe(0)
    await expect(createJobWithinCap(jobs, { userId: 'u1', threadId: 't', messageId: 'm2' }, 1)).resolves.toMatchObject({ status: 'running' })
  })
})
