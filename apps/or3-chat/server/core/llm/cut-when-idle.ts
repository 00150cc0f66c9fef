import { recordUpstreamFault } from './upstream-faults'

/** The upstream went silent mid-answer for longer than the idle timeout; its request was cancelled. */
export class UpstreamStalledError extends Error {
  constructor(idleMs: number) {
    super(`The model stopped answering (nothing arrived for ${Math.round(idleMs / 1000)} s). Try again in a moment.`)
    this.name = 'UpstreamStalledError'
  }
}

/**
 * Passes `body` through, and errors it with UpstreamStalledError (after calling `onIdle`, which
 * cancels the upstream request) when the upstream sends nothing for `idleMs` while a reader waits.
 * The clock runs only while someone reads, so a slow client never counts against the upstream.
 */
export function cutWhenIdle(
  body: ReadableStream<Uint8Array>,
  options: { idleMs: number; onIdle(): void; host: string },
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), options.idleMs)
      })
      try {
        const next = await Promise.race([reader.read(), idle])
        if (next === 'idle') {
          recordUpstreamFault(
            'stalled',
            `${options.host} sent nothing for ${Math.round(options.idleMs / 1000)} s mid-answer; the request was cancelled (OR3_LLM_IDLE_TIMEOUT_SECONDS sets the limit)`,
          )
          options.onIdle()
          reader.cancel().catch(() => {})
          controller.error(new UpstreamStalledError(options.idleMs))
        } else if (next.done) controller.close()
        else controller.enqueue(next.value)
      } catch (error) {
        controller.error(error)
      } finally {
        clearTimeout(timer)
      }
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
