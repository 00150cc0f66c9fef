export interface OutputCoalescerOptions {
  /** Persists one coalesced chunk. Calls are serialized: the next starts after this one settled. */
  write(text: string): Promise<void>
  /** Called once, with the first failed write; later text is dropped. */
  onError?(error: unknown): void
  /** Flush as soon as this many characters are pending (default 1024). */
  maxChars?: number
  /** Flush pending text at most this long after it arrived (default 250 ms). */
  maxDelayMs?: number
}

export interface OutputCoalescer {
  /** Queues text; it is written within `maxDelayMs`, or at once past `maxChars`. */
  add(text: string): void
  /** Writes whatever is pending and waits for every write; rejects with the first write error. */
  flush(): Promise<void>
}

/**
 * Groups streamed tokens into coarse writes (every 250 ms or 1 KiB by default), so a background
 * job costs the store a few writes per second instead of one per token. Writes keep their order.
 */
export function createOutputCoalescer(options: OutputCoalescerOptions): OutputCoalescer {
  const maxChars = options.maxChars ?? 1024
  const maxDelayMs = options.maxDelayMs ?? 250
  let pending = ''
  let timer: ReturnType<typeof setTimeout> | undefined
  let chain: Promise<void> = Promise.resolve()
  let failure: { error: unknown } | undefined

  function writePending() {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    if (pending === '' || failure) return
    const text = pending
    pending = ''
    chain = chain.then(async () => {
      if (failure) return
      try {
        await options.write(text)
      } catch (error) {
        failure = { error }
        options.onError?.(error)
      }
    })
  }

  return {
    add(text) {
      if (failure || text === '') return
      pending += text
      if (pending.length >= maxChars) writePending()
      else timer ??= setTimeout(writePending, maxDelayMs)
    },
    async flush() {
      writePending()
      await chain
      if (failure) throw failure.error
    },
  }
}
