import { afterEach, expect, it, vi } from 'vitest'
import { createMemoryBackgroundJobStore } from 'or3-provider-kit/server'
import { buildOr3CloudConfig } from '../../../shared/config/build-or3-cloud-config'
import { startJobCleanup } from '../../../server/core/jobs/job-cleanup'

afterEach(() => {
  vi.useRealTimers()
})

// Jobs orphaned by a crash must be failed by the timer the server starts at boot, with nobody
// chatting (it used to start on the first chat request).
it('fails a running job orphaned past its timeout, every minute from start until stopped', async () => {
  vi.useFakeTimers()
  let now = Date.UTC(2026, 10, 30)
  const jobs = createMemoryBackgroundJobStore({ now: () => now })
  const config = buildOr3CloudConfig({ OR3_BACKGROUND_TIMEOUT_SECONDS: '60' }, [])
  const orphan = await jobs.create({ userId: 'u1', threadId: 't1', messageId: 'm1' })

  const stop = startJobCleanup(jobs, config, { error: () => {} })
  now += 3 * 60_000 // past the job's timeout and the orphan grace
  await vi.advanceTimersByTimeAsync(60_000)
  expect((await jobs.read(orphan.id, 0))?.job.status).toBe('failed')

  stop()
  const later = await jobs.create({ userId: 'u1', threadId: 't2', messageId: 'm2' })
  now += 10 * 60_000
  await vi.advanceTimersByTimeAsync(5 * 60_000)
  expect((await jobs.read(later.id, 0))?.job.status, 'nothing runs once stopped').toBe('running')
})
