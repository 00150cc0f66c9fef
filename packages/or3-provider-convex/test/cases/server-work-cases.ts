import { uniqueId } from 'or3-provider-kit/testing'
import { expect } from 'vitest'
import { expectRefusal } from '../support/actors'
import type { TemplateCase } from '../support/run-cases'
import { PAST, TEST_SETTINGS } from '../support/template-backend'

type Task = { count: number; hasMore: boolean }

const job = (userId: string, caps: { maxRunningPerUser?: number; maxRunningTotal?: number } = {}) => ({
  userId,
  workspaceId: null,
  threadId: uniqueId('thread'),
  messageId: uniqueId('message'),
  ...caps,
})

export const serverWorkCases: TemplateCase[] = [
  {
    name: 'jobs:create admits atomically under the per-user cap, also for concurrent starts',
    async run(backend) {
      const [alice, bob] = [uniqueId('alice'), uniqueId('bob')]
      const starts = await Promise.allSettled(
        Array.from({ length: 6 }, () => backend.server.mutation<{ id: string }>('jobs:create', job(alice, { maxRunningPerUser: 3 }))),
      )
      const admitted = starts.filter((s) => s.status === 'fulfilled')
      expect(admitted, 'exactly the cap is admitted').toHaveLength(3)
      for (const refused of starts.filter((s) => s.status === 'rejected')) {
        expect((refused as PromiseRejectedResult).reason.data, 'the rest are RATE_LIMITED with a retry hint').toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 5 })
      }
      expect((await backend.server.mutation<{ userId: string }>('jobs:create', job(bob, { maxRunningPerUser: 3 }))).userId, 'another user is not held back').toBe(bob)
      await backend.server.mutation('jobs:complete', { jobId: (admitted[0] as PromiseFulfilledResult<{ id: string }>).value.id })
      await backend.server.mutation('jobs:create', job(alice, { maxRunningPerUser: 3 }))
      await expectRefusal(backend.server.mutation('jobs:create', job(alice, { maxRunningPerUser: 3 })), 'RATE_LIMITED', 'a fourth running job')
    },
  },
  {
    name: 'jobs:create admits under the global cap across users',
    needsEmptyDeployment: true,
    async run(backend) {
      for (let i = 0; i < 2; i++) await backend.server.mutation('jobs:create', job(uniqueId('user'), { maxRunningTotal: 2 }))
      await expectRefusal(backend.server.mutation('jobs:create', job(uniqueId('user'), { maxRunningTotal: 2 })), 'RATE_LIMITED', 'a third job on the server')
      expect(await backend.server.query('jobs:countRunningJobs', {}), 'two running').toBe(2)
    },
  },
  {
    name: 'maintenance cleans up jobs with the configured retention and timeout',
    needsClock: true,
    async run(backend) {
      const user = uniqueId('user')
      const readJob = (jobId: string) => backend.server.query<{ job: { status: string; error: string | null }; content: string }>('jobs:read', { jobId, offset: 0 })
      const ended = await backend.server.mutation<{ id: string }>('jobs:create', job(user))
      await backend.server.mutation('jobs:append', { jobId: ended.id, chunk: 'done' })
      await backend.server.mutation('jobs:complete', { jobId: ended.id })
      const stuck = await backend.server.mutation<{ id: string }>('jobs:create', job(user))
      backend.clock!.advance(TEST_SETTINGS.jobTimeoutMs + PAST)
      const fresh = await backend.server.mutation<{ id: string }>('jobs:create', job(user))
      expect((await backend.runInternal<Task>('maintenance:cleanupExpiredJobs')).count, 'the stuck job is failed').toBe(1)
      expect((await readJob(stuck.id)).job.error, 'with a reason').toBe('timed out')
      expect((await readJob(fresh.id)).job.status, 'a job within the timeout runs on').toBe('running')
      expect((await readJob(ended.id)).content, 'an ended job is kept within retention').toBe('done')
      backend.clock!.advance(TEST_SETTINGS.jobRetentionMs)
      await backend.runInternal('maintenance:cleanupExpiredJobs')
      expect(await backend.server.query('jobs:read', { jobId: ended.id, offset: 0 }), 'an ended job past retention is removed').toBeNull()
    },
  },
  {
    name: 'maintenance purges ended rate-limit windows; live ones keep counting',
    needsClock: true,
    async run(backend) {
      const consume = (key: string, windowMs: number) => backend.server.mutation<{ remaining: number }>('rateLimits:consume', { key, windowMs, limit: 5 })
      await consume('short', 1000)
      await consume('long', 60_000)
      backend.clock!.advance(2000)
      expect((await backend.runInternal<Task>('maintenance:purgeRateLimits')).count, 'the ended window').toBe(1)
      expect((await consume('long', 60_000)).remaining, 'the live window kept its count').toBe(3)
      expect((await consume('short', 1000)).remaining, 'a purged key starts a new window').toBe(4)
    },
  },
]
