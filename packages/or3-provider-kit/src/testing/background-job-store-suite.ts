import { expect } from 'vitest'
import type { BackgroundJobStore, CreateJobInput } from '../contracts/server.ts'
import { createTestClock, uniqueId, type TestClock } from './fixtures.ts'
import {
  expectProviderError,
  runConformanceSuite,
  withInstance,
  type ConformanceCase,
  type ConformanceFactory,
  type SuiteOptions,
} from './harness.ts'

export interface BackgroundJobStoreSettings {
  now: () => number
}

export type BackgroundJobStoreFactory<T extends BackgroundJobStore = BackgroundJobStore> = ConformanceFactory<BackgroundJobStoreSettings, T>

type JobCase = ConformanceCase<BackgroundJobStoreFactory>

const MINUTE = 60_000

function withJobs(factory: BackgroundJobStoreFactory, body: (store: BackgroundJobStore, clock: TestClock) => Promise<void>) {
  const clock = createTestClock()
  return withInstance(factory, { now: clock.now }, (store) => body(store, clock))
}

const jobInput = (userId = uniqueId('user')): CreateJobInput => ({
  userId,
  workspaceId: uniqueId('ws'),
  threadId: uniqueId('thread'),
  messageId: uniqueId('message'),
})

async function readOrFail(store: BackgroundJobStore, jobId: string, offset: number) {
  const read = await store.read(jobId, offset)
  expect(read, `read(${jobId}, ${offset}) finds the job`).not.toBeNull()
  return read!
}

const outputCases: JobCase[] = [
  {
    name: 'create: a running job with no output',
    run: (factory) =>
      withJobs(factory, async (store, clock) => {
        const input = jobInput()
        const job = await store.create(input)
        expect(job, 'the record as created').toMatchObject({ ...input, status: 'running', length: 0, error: null, createdAt: clock.now() })
        const bare = await store.create({ userId: input.userId, threadId: 't', messageId: 'm' })
        expect(bare.workspaceId, 'no workspace is null').toBeNull()
        expect(bare.id, 'ids are unique').not.toBe(job.id)
      }),
  },
  {
    name: 'append and read: read(offset) returns the output from offset on and the next offset',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        expect(await store.append(id, 'Hello, '), 'append answers the new length').toEqual({ length: 7 })
        expect(await store.append(id, 'world'), 'lengths add up').toEqual({ length: 12 })
        const all = await readOrFail(store, id, 0)
        expect([all.content, all.offset, all.job.length], 'from 0: everything').toEqual(['Hello, world', 12, 12])
        const tail = await readOrFail(store, id, 7)
        expect([tail.content, tail.offset], 'from 7: the suffix').toEqual(['world', 12])
      }),
  },
  {
    name: 'read: an offset at or past the end gives empty content and the current end',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        await store.append(id, 'abc')
        for (const offset of [3, 50]) {
          const read = await readOrFail(store, id, offset)
          expect([read.content, read.offset], `read from ${offset}`).toEqual(['', 3])
        }
      }),
  },
  {
    name: 'read: offsets count UTF-16 code units, also for non-ASCII output',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        const chunks = ['Grüße 👋 ', '世界, ', 'naïve café 🎉!']
        for (const chunk of chunks) await store.append(id, chunk)
        const full = chunks.join('')
        expect((await readOrFail(store, id, 0)).job.length, 'length is in UTF-16 code units').toBe(full.length)
        // Offsets on code point boundaries after multibyte and astral characters.
        for (const offset of [3, 8, 9, full.indexOf('世'), full.indexOf('café'), full.length - 1]) {
          const read = await readOrFail(store, id, offset)
          expect([read.content, read.offset], `read from ${offset}`).toEqual([full.slice(offset), full.length])
        }
      }),
  },
  {
    name: 'read: an unknown job is null',
    run: (factory) =>
      withJobs(factory, async (store) => {
        expect(await store.read(uniqueId('missing-job'), 0), 'no job, no read').toBeNull()
      }),
  },
]

const lifecycleCases: JobCase[] = [
  {
    name: 'complete: ends the job; a later append is a CONFLICT and the output is kept',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        await store.append(id, 'done')
        expect((await store.complete(id)).status, 'completed').toBe('completed')
        await expectProviderError(store.append(id, ' more'), 'CONFLICT', 'appending to a completed job')
        const read = await readOrFail(store, id, 0)
        expect([read.job.status, read.content], 'the finished output, unchanged').toEqual(['completed', 'done'])
      }),
  },
  {
    name: 'complete: keeps the token usage it is given, for every later read; without it usage is null',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const counted = await store.create(jobInput())
        expect((await readOrFail(store, counted.id, 0)).job.usage, 'a running job has no usage').toBeNull()
        const usage = { input: 1234, output: 56 }
        expect((await store.complete(counted.id, usage)).usage, 'complete returns it').toEqual(usage)
        expect((await readOrFail(store, counted.id, 0)).job.usage, 'a later read has it').toEqual(usage)
        const uncounted = await store.create(jobInput())
        await store.complete(uncounted.id)
        expect((await readOrFail(store, uncounted.id, 0)).job.usage, 'completed without usage').toBeNull()
        const failed = await store.create(jobInput())
        await store.fail(failed.id, 'upstream down')
        expect((await readOrFail(store, failed.id, 0)).job.usage, 'a failed job').toBeNull()
        await expectProviderError(
          store.complete(uncounted.id, { input: 1, output: 1 }),
          'CONFLICT',
          'completing an ended job again with usage',
        )
        expect((await readOrFail(store, uncounted.id, 0)).job.usage, 'an ended job keeps its usage').toBeNull()
      }),
  },
  {
    name: 'complete: refuses usage that is not two whole non-negative counts, before the store sees it',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        for (const usage of [{ input: -1, output: 2 }, { input: 1.5, output: 2 }, { input: 1 }]) {
          await expectProviderError(store.complete(id, usage as never), 'VALIDATION', `usage ${JSON.stringify(usage)}`)
        }
        expect((await readOrFail(store, id, 0)).job.status, 'still running').toBe('running')
      }),
  },
  {
    name: 'abort: true for a running job, then false; an aborted job reads as aborted and refuses appends',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        await store.append(id, 'partial')
        expect(await store.abort(id), 'aborting a running job').toBe(true)
        expect(await store.abort(id), 'aborting it again').toBe(false)
        await expectProviderError(store.append(id, ' late token'), 'CONFLICT', 'appending to an aborted job')
        const read = await readOrFail(store, id, 0)
        expect([read.job.status, read.content], 'aborted, with the output it had').toEqual(['aborted', 'partial'])
        const finished = await store.create(jobInput())
        await store.complete(finished.id)
        expect(await store.abort(finished.id), 'aborting a completed job').toBe(false)
      }),
  },
  {
    name: 'fail: records the error and ends the job',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const { id } = await store.create(jobInput())
        const failed = await store.fail(id, 'upstream returned 502')
        expect([failed.status, failed.error], 'failed, with the message').toEqual(['failed', 'upstream returned 502'])
        expect((await readOrFail(store, id, 0)).job.error, 'read shows the error').toBe('upstream returned 502')
        await expectProviderError(store.append(id, 'x'), 'CONFLICT', 'appending to a failed job')
      }),
  },
  {
    name: 'countRunning: per user and in total, running jobs only',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const [alice, bob] = [uniqueId('alice'), uniqueId('bob')]
        const before = await store.countRunning()
        const jobs = await Promise.all([store.create(jobInput(alice)), store.create(jobInput(alice)), store.create(jobInput(bob))])
        await store.create(jobInput(alice)).then((job) => store.complete(job.id))
        expect(await store.countRunning(alice), "Alice's running jobs").toBe(2)
        expect(await store.countRunning(bob), "Bob's").toBe(1)
        expect(await store.countRunning(), 'everyone').toBe(before + 3)
        await store.abort(jobs[0]!.id)
        expect(await store.countRunning(alice), 'an aborted job is not running').toBe(1)
      }),
  },
  {
    name: 'create: admission caps refuse with RATE_LIMITED, counted and inserted atomically',
    run: (factory) =>
      withJobs(factory, async (store) => {
        const [alice, bob] = [uniqueId('alice'), uniqueId('bob')]
        const perUser = { maxRunningPerUser: 2 }
        const starts = await Promise.allSettled(Array.from({ length: 5 }, () => store.create(jobInput(alice), perUser)))
        const admitted = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []))
        expect(admitted.length, 'five concurrent starts under a cap of 2 admit exactly 2').toBe(2)
        for (const start of starts) {
          if (start.status === 'rejected') {
            expect(start.reason, 'a refused start is a ProviderError').toMatchObject({ name: 'ProviderError', code: 'RATE_LIMITED' })
            expect(start.reason.retryAfterSeconds, 'with a Retry-After').toBeGreaterThan(0)
          }
        }
        expect(await store.countRunning(alice), 'only the admitted jobs run').toBe(2)
        expect((await store.create(jobInput(bob), perUser)).status, "another user is not held back by Alice's jobs").toBe('running')
        await store.abort(admitted[0]!.id)
        expect((await store.create(jobInput(alice), perUser)).status, 'an ended job frees its place').toBe('running')

        const running = await store.countRunning()
        await store.create(jobInput(), { maxRunningTotal: running + 1 })
        await expectProviderError(store.create(jobInput(), { maxRunningTotal: running + 1 }), 'RATE_LIMITED', 'a start over the total cap')
      }),
  },
  {
    needsClock: true,
    name: 'cleanupExpired: removes old ended jobs, keeps recent ones, fails running jobs past the timeout',
    run: (factory) =>
      withJobs(factory, async (store, clock) => {
        const old = await store.create(jobInput())
        await store.complete(old.id)
        const stuck = await store.create(jobInput())
        clock.advance(30 * MINUTE)
        const recent = await store.create(jobInput())
        await store.fail(recent.id, 'boom')
        const fresh = await store.create(jobInput())
        clock.advance(31 * MINUTE)
        const count = await store.cleanupExpired({ olderThanMs: 60 * MINUTE, timeoutMs: 60 * MINUTE })
        expect(count, 'one removed, one failed').toBe(2)
        expect(await store.read(old.id, 0), 'an ended job past olderThanMs is removed').toBeNull()
        expect((await readOrFail(store, recent.id, 0)).job.status, 'a recently ended job is kept').toBe('failed')
        const timedOut = (await readOrFail(store, stuck.id, 0)).job
        expect([timedOut.status, timedOut.error !== null], 'a running job past timeoutMs is failed with a reason').toEqual(['failed', true])
        expect((await readOrFail(store, fresh.id, 0)).job.status, 'a running job within the timeout runs on').toBe('running')
      }),
  },
]

/** Every BackgroundJobStore guarantee, by name. */
export const backgroundJobStoreCases: readonly JobCase[] = [...outputCases, ...lifecycleCases]

export interface BackgroundJobStoreSuiteOptions<T extends BackgroundJobStore> extends BackgroundJobStoreFactory<T>, SuiteOptions<never> {}

export function testBackgroundJobStore<T extends BackgroundJobStore>(options: BackgroundJobStoreSuiteOptions<T>): void {
  runConformanceSuite('BackgroundJobStore', backgroundJobStoreCases, options as BackgroundJobStoreFactory, options)
}
