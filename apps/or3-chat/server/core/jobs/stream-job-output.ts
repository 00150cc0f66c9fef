import type { H3Event } from 'h3'
import { JOB_STREAM_EVENTS, type BackgroundJobStore, type JobStreamDelta, type JobStreamDone } from 'or3-provider-kit'
import { openEventStream } from '../sse/open-event-stream'
import { watchJobChanges } from './job-change-signal'

/** Fallback poll for output written by another server instance (this one's is signalled). */
const POLL_MS = 1_000

/**
 * `delta` events with the job's output from `offset` on as it grows, then one `done` with the
 * final status. Every delta carries the offset to resume from, so a dropped client reconnects
 * with exactly the rest. The caller has checked the job exists and is the caller's.
 */
export function streamJobOutput(event: H3Event, jobs: BackgroundJobStore, jobId: string, offset: number): Promise<void> {
  const stream = openEventStream(event)
  const sendDelta = (delta: JobStreamDelta) => stream.send(JOB_STREAM_EVENTS.delta, delta)
  const sendDone = (done: JobStreamDone) => stream.send(JOB_STREAM_EVENTS.done, done)
  let closed = false
  let changed = false
  let wake: (() => void) | null = null
  const poke = () => {
    changed = true
    wake?.()
  }
  const unwatch = watchJobChanges(jobId, poke)
  stream.onClose(() => {
    closed = true
    unwatch()
    wake?.()
  })

  const waitForChange = () =>
    new Promise<void>((resolve) => {
      if (changed || closed) return resolve()
      const timer = setTimeout(done, POLL_MS)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })

  const pump = async () => {
    let cursor = offset
    while (!closed) {
      changed = false
      const read = await jobs.read(jobId, cursor)
      if (!read) {
        sendDone({ status: 'failed', error: 'The job was cleaned up', length: cursor, usage: null })
        break
      }
      if (read.content !== '') {
        cursor = read.offset
        sendDelta({ content: read.content, offset: cursor })
      }
      if (read.job.status !== 'running') {
        const { status, error, length, usage } = read.job
        sendDone({ status, error, length, usage: usage ?? null })
        break
      }
      await waitForChange()
    }
    stream.close()
  }

  pump().catch((error) => {
    console.error(`[or3] job stream ${jobId} failed: ${error instanceof Error ? error.message : String(error)}`)
    stream.close()
  })
  return stream.response
}
