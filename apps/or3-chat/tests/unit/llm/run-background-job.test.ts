import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackgroundJobStore, JobRecord, NotificationInput } from 'or3-provider-kit'
import { createMemoryBackgroundJobStore } from 'or3-provider-kit/server'
import { watchJobChanges } from '../../../server/core/jobs/job-change-signal'
import { startBackgroundJob } from '../../../server/core/jobs/run-background-job'
import { expectedEcho, expectedUsage, startTestLlmServer, type TestLlmServer } from '../../support/test-llm-server'

/** Resolves when the job has left `running`. */
function ended(jobs: BackgroundJobStore, jobId: string): Promise<JobRecord> {
  return new Promise((resolve) => {
    const check = async () => {
      const read = await jobs.read(jobId, Number.MAX_SAFE_INTEGER)
      if (read && read.job.status !== 'running') {
        stop()
        resolve(read.job)
      }
    }
    const stop = watchJobChanges(jobId, () => void check())
    void check()
  })
}

describe('background job runner', () => {
  let llm: TestLlmServer
  beforeAll(() => {
    llm = startTestLlmServer()
  })
  afterAll(() => llm.stop())

  /** The latest upstream request, once the runner has cancelled it. */
  async function lastRequestCancelled() {
    const upstream = llm.chatRequests().at(-1)!
    while (!upstream.cancelled) await new Promise((resolve) => setTimeout(resolve, 10))
    return upstream
  }

  async function run(prompt: string, options: { timeoutMs?: number; idleMs?: number; headersMs?: number; workspaceId?: string | null } = {}) {
    const store = createMemoryBackgroundJobStore()
    let appends = 0
    const jobs: BackgroundJobStore = {
      ...store,
      append: (jobId, chunk) => {
        appends++
        return store.append(jobId, chunk)
      },
    }
    const notifications: NotificationInput[] = []
    const job = await jobs.create({ userId: 'u1', workspaceId: options.workspaceId ?? null, threadId: 't1', messageId: 'm1' })
    startBackgroundJob({
      jobs,
      job,
      target: { baseUrl: llm.baseUrl, credential: { key: 'k', source: 'instance' } },
      request: { model: 'test/echo', messages: [{ role: 'user', content: prompt }] },
      timeoutMs: options.timeoutMs ?? 30_000,
      upstreamTimeouts: { headersMs: options.headersMs ?? 30_000, idleMs: options.idleMs ?? 30_000 },
      notifications: {
        id: 'fake',
        async emit(input) {
          notifications.push(input)
          return { id: 'n1' }
        },
      },
    })
    const final = await ended(jobs, job.id)
    return { final, output: (await jobs.read(job.id, 0))!.content, appends: () => appends, notifications }
  }

  it('stores the whole answer in coarse chunks, not one write per token', async () => {
    const prompt = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ')
    const { final, output, appends } = await run(prompt)
    expect(final.status).toBe('completed')
    expect(output).toBe(expectedEcho(prompt))
    expect(appends()).toBeGreaterThan(0)
    expect(appends()).toBeLessThan(400 / 10)
  })

  it('completes with the token usage the upstream reported on its last chunk', async () => {
    const prompt = 'count the tokens of this background answer'
    const { final } = await run(prompt)
    const request = llm.chatRequests().find((entry) => JSON.stringify(entry.body).includes(prompt))!
    expect(request.body.stream_options).toEqual({ include_usage: true })
    expect(final).toMatchObject({ status: 'completed', usage: expectedUsage(request.body) })
  })

  it('fails with the mapped upstream message when the upstream refuses', async () => {
    const { final } = await run('please [fail500]')
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('test upstream exploded') })
  })

  it('keeps the partial output and fails when the stream breaks off', async () => {
    const { final, output } = await run('one two three [drop]')
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('broke off') })
    expect(output).toBe('one two ')
  })

  it('fails a job that runs past its timeout and cancels the upstream', async () => {
    const { final } = await run('hold on [stall]', { timeoutMs: 50 })
    expect(final).toMatchObject({ status: 'failed', error: 'Timed out after 0 s' })
    const upstream = await lastRequestCancelled()
    expect(upstream.finished).toBe(false)
  })

  it('fails a job whose upstream answered without a single chat event, instead of completing it empty', async () => {
    const { final, output, notifications } = await run('hello [garbage]', { workspaceId: 'w1' })
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('not a chat answer') })
    expect(output).toBe('')
    expect(notifications).toEqual([expect.objectContaining({ type: 'chat.reply.failed' })])
  })

  it('fails a job whose upstream goes silent mid-answer, keeping what came, and cancels the upstream', async () => {
    const { final, output } = await run('first then nothing [stall]', { idleMs: 100 })
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped answering') })
    expect(output).toBe('first ')
    const upstream = await lastRequestCancelled()
    expect(upstream.finished).toBe(false)
  })

  it('fails a job whose upstream sends no headers in time, and cancels that request', async () => {
    const { final, output } = await run('are you there [noheaders]', { headersMs: 100 })
    expect(final).toMatchObject({ status: 'failed', error: expect.stringContaining('did not start answering') })
    expect(output).toBe('')
    expect((await lastRequestCancelled()).finished).toBe(false)
  })

  it('notifies the workspace when a job with one finishes, and stays silent without', async () => {
    const withWorkspace = await run('all done here', { workspaceId: 'w1' })
    expect(withWorkspace.notifications).toEqual([
      expect.objectContaining({ workspaceId: 'w1', userId: 'u1', type: 'chat.reply.completed', body: 'all done here', threadId: 't1' }),
    ])
    expect((await run('no workspace')).notifications).toEqual([])
  })
})
