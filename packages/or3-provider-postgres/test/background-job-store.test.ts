import { expectProviderError } from 'or3-provider-kit/testing'
import { describe, expect, it } from 'vitest'
import { createPostgresBackgroundJobStore } from '../src/runtime/index'
import { useTwoInstances } from './support/instances'

const twoInstances = useTwoInstances()

describe('postgres background job store across instances', () => {
  it('another instance streams, and ends, a job one instance writes', async () => {
    const [a, b] = await twoInstances()
    const writer = createPostgresBackgroundJobStore({ db: a })
    const reader = createPostgresBackgroundJobStore({ db: b })
    const job = await writer.create({ userId: 'u1', threadId: 't1', messageId: 'm1' })
    await writer.append(job.id, 'Hello')
    const partial = await reader.read(job.id, 0)
    expect([partial?.content, partial?.offset]).toEqual(['Hello', 5])
    expect(await reader.abort(job.id), 'the other instance aborts it').toBe(true)
    await expectProviderError(writer.append(job.id, ' world'), 'CONFLICT', 'the writer may not grow an aborted job')
    expect((await reader.read(job.id, 5))?.content, 'nothing was added').toBe('')
  })

  it('starts racing on two instances never run more jobs than the admission allows', async () => {
    const [a, b] = await twoInstances()
    const stores = [createPostgresBackgroundJobStore({ db: a }), createPostgresBackgroundJobStore({ db: b })]
    const admission = { maxRunningPerUser: 3, maxRunningTotal: 5 }
    const starts = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        stores[i % 2]!.create({ userId: i % 4 === 0 ? `user-${i}` : 'busy', threadId: `t${i}`, messageId: `m${i}` }, admission),
      ),
    )
    const running = await stores[0]!.countRunning()
    expect(starts.filter((s) => s.status === 'fulfilled').length, 'admitted starts').toBe(running)
    expect(running, 'the total cap holds across instances').toBe(5)
    expect(await stores[1]!.countRunning('busy'), 'the per-user cap holds across instances').toBeLessThanOrEqual(3)
  })
})
