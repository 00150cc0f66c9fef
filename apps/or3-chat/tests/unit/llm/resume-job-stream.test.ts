import { describe, expect, it } from 'vitest'
import { resumeJobStream, type JobStreamItem } from '../../../app/core/chat/stream/resume-job-stream'
import { isProviderError } from 'or3-provider-kit'

const OUTPUT = 'The quick brown fox jumps over the lazy dog'

/** A fake server: answers from the requested offset, optionally cutting the body after a few events. */
function fakeJobServer(plan: Array<{ events: number; end: 'drop' | 'done' } | { status: number }>) {
  const offsets: number[] = []
  let call = 0
  const fetchFn = async (input: string) => {
    const offset = Number(new URL(String(input), 'http://x').searchParams.get('offset'))
    offsets.push(offset)
    const step = plan[Math.min(call++, plan.length - 1)]!
    if ('status' in step) {
      return Response.json({ error: { code: 'X', message: `status ${step.status}` } }, { status: step.status })
    }
    let text = ''
    let at = offset
    for (let i = 0; i < step.events && at < OUTPUT.length; i++) {
      const next = Math.min(OUTPUT.length, at + 5)
      text += `event: delta\ndata: ${JSON.stringify({ content: OUTPUT.slice(at, next), offset: next })}\n\n`
      at = next
    }
    if (step.end === 'done') text += `event: done\ndata: ${JSON.stringify({ status: 'completed', error: null, length: OUTPUT.length, usage: { input: 9, output: 4 } })}\n\n`
    return new Response(text, { headers: { 'content-type': 'text/event-stream' } })
  }
  return { fetchFn, offsets }
}

async function collect(iterable: AsyncIterable<JobStreamItem>) {
  const items: JobStreamItem[] = []
  for await (const item of iterable) items.push(item)
  return items
}

const noSleep = async () => {}

describe('job stream resume', () => {
  it('reconnects from the last offset after drops and yields exactly the rest', async () => {
    const server = fakeJobServer([
      { events: 2, end: 'drop' },
      { events: 1, end: 'drop' },
      { events: 100, end: 'done' },
    ])
    const items = await collect(resumeJobStream('job-1', 8, { fetch: server.fetchFn, sleep: noSleep }))
    const text = items.flatMap((i) => (i.type === 'delta' ? [i.content] : [])).join('')
    expect(text).toBe(OUTPUT.slice(8))
    expect(server.offsets).toEqual([8, 18, 23])
    expect(items.at(-1)).toEqual({ type: 'done', status: 'completed', error: null, length: OUTPUT.length, usage: { input: 9, output: 4 } })
  })

  it('gives up after maxRetries drops without progress', async () => {
    const server = fakeJobServer([{ events: 0, end: 'drop' }])
    await expect(collect(resumeJobStream('job-1', 0, { fetch: server.fetchFn, sleep: noSleep, maxRetries: 3 }))).rejects.toThrow(
      /Lost the job stream 4 times/,
    )
    expect(server.offsets).toHaveLength(4)
  })

  it('retries a 503 but not a 404', async () => {
    const retried = fakeJobServer([{ status: 503 }, { events: 100, end: 'done' }])
    const items = await collect(resumeJobStream('job-1', 0, { fetch: retried.fetchFn, sleep: noSleep }))
    expect(items.at(-1)?.type).toBe('done')

    const missing = fakeJobServer([{ status: 404 }])
    const error = await collect(resumeJobStream('job-1', 0, { fetch: missing.fetchFn, sleep: noSleep })).catch((e) => e)
    expect(isProviderError(error) && [error.code, error.status]).toEqual(['NOT_FOUND', 404])
    expect(missing.offsets).toHaveLength(1)
  })
})
