import { ProviderError } from 'or3-provider-kit'
import { describe, expect, it } from 'vitest'
import type { LocalWriter } from '../../../app/core/db/local-writes'
import { createStreamedMessageWriter } from '../../../app/core/chat/message-persistence'
import { runGeneration } from '../../../app/core/chat/generation-runner'

/** A writer that records message patches; `failWith` makes every patch throw. */
function recordingWriter(failWith?: Error) {
  const patches: Array<Record<string, unknown>> = []
  const writer = {
    async patch(_table: string, _pk: string, changes: Record<string, unknown>) {
      if (failWith) throw failWith
      patches.push({ ...changes })
      return changes
    },
  } as unknown as LocalWriter
  return { writer, patches }
}

async function* fromArray(deltas: string[], step: () => void = () => {}) {
  for (const delta of deltas) {
    step()
    yield delta
  }
}

describe('streamed message persistence', () => {
  it('writes a streamed answer in coarse chunks, then the final content and status once', async () => {
    let time = 0
    const { writer, patches } = recordingWriter()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', intervalMs: 1_000, now: () => time })
    const tokens = Array.from({ length: 500 }, (_, i) => `t${i} `)
    // 500 tokens, 20 ms apart: 10 s of streaming.
    const result = await runGeneration({ deltas: fromArray(tokens, () => (time += 20)), message, signal: new AbortController().signal })

    expect(result.status).toBe('complete')
    expect(result.content).toBe(tokens.join(''))
    expect(patches.length).toBeGreaterThan(2)
    expect(patches.length).toBeLessThanOrEqual(12)
    // Only the last write finalizes, with everything.
    expect(patches.slice(0, -1).every((patch) => patch.status === undefined)).toBe(true)
    expect(patches.at(-1)).toEqual({ content: tokens.join(''), status: 'complete', error: null })
    // Intermediate chunks are prefixes of the answer: nothing is written out of order.
    for (const patch of patches) expect(tokens.join('').startsWith(patch.content as string)).toBe(true)
  })

  it('writes the reported usage with the final content, and no usage field when none was reported', async () => {
    const { writer, patches } = recordingWriter()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', now: () => 0 })
    message.append('Hi')
    message.recordUsage({ input: 10, output: 1 })
    await message.finish('complete')
    message.recordUsage({ input: 99, output: 99 })
    expect(patches.at(-1)).toEqual({ content: 'Hi', status: 'complete', error: null, usage: { input: 10, output: 1 } })

    const silent = recordingWriter()
    const other = createStreamedMessageWriter({ writer: silent.writer, messageId: 'a2', now: () => 0 })
    other.append('Hi')
    await other.finish('complete')
    expect(silent.patches.at(-1)).not.toHaveProperty('usage')
  })

  it('keeps the partial answer and marks it stopped when aborted', async () => {
    const { writer, patches } = recordingWriter()
    const abort = new AbortController()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', now: () => 0 })
    async function* stream() {
      yield 'Hello '
      yield 'wor'
      abort.abort()
      yield 'ld'
    }
    const result = await runGeneration({ deltas: stream(), message, signal: abort.signal })
    expect(result.status).toBe('aborted')
    expect(patches).toEqual([{ content: 'Hello wor', status: 'aborted', error: null }])
  })

  it('records a failed stream as an error with what arrived before it', async () => {
    const { writer, patches } = recordingWriter()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', now: () => 0 })
    async function* stream() {
      yield 'partial'
      throw new Error('upstream went away')
    }
    const result = await runGeneration({ deltas: stream(), message, signal: new AbortController().signal })
    expect(result.status).toBe('error')
    expect((result.error as Error).message).toBe('upstream went away')
    expect(patches).toEqual([{ content: 'partial', status: 'error', error: 'upstream went away' }])
  })

  it('continues after the content a resumed message already holds', async () => {
    const { writer, patches } = recordingWriter()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', initialContent: 'Hello ', now: () => 0 })
    await runGeneration({ deltas: fromArray(['world']), message, signal: new AbortController().signal })
    expect(patches).toEqual([{ content: 'Hello world', status: 'complete', error: null }])
  })

  it('stops writing, without failing, when the message was deleted mid-stream', async () => {
    const { writer } = recordingWriter(new ProviderError('NOT_FOUND', 'gone'))
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', now: () => 0 })
    const result = await runGeneration({ deltas: fromArray(['a', 'b']), message, signal: new AbortController().signal })
    expect(result.status).toBe('complete')
  })

  it('writes nothing after it was abandoned (the workspace closed)', async () => {
    let time = 0
    const { writer, patches } = recordingWriter()
    const message = createStreamedMessageWriter({ writer, messageId: 'a1', intervalMs: 10, now: () => time })
    message.abandon()
    time = 100
    message.append('late')
    await message.finish('complete')
    expect(patches).toEqual([])
  })
})
