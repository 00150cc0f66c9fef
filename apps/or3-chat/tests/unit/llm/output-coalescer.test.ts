import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutputCoalescer } from '../../../server/core/jobs/output-coalescer'

describe('output coalescer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function setup(options: { maxChars?: number; maxDelayMs?: number; fail?: (text: string) => boolean } = {}) {
    const writes: string[] = []
    const errors: unknown[] = []
    const coalescer = createOutputCoalescer({
      maxChars: options.maxChars ?? 10,
      maxDelayMs: options.maxDelayMs ?? 250,
      async write(text) {
        if (options.fail?.(text)) throw new Error(`refused ${text}`)
        writes.push(text)
      },
      onError: (error) => errors.push(error),
    })
    return { coalescer, writes, errors }
  }

  it('groups tokens into one write per delay window, not one per token', async () => {
    const { coalescer, writes } = setup({ maxChars: 1000 })
    for (const token of ['a', 'b', 'c']) coalescer.add(token)
    await vi.advanceTimersByTimeAsync(249)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(writes).toEqual(['abc'])
    coalescer.add('d')
    await vi.advanceTimersByTimeAsync(250)
    expect(writes).toEqual(['abc', 'd'])
  })

  it('writes at once when the pending text reaches maxChars', async () => {
    const { coalescer, writes } = setup({ maxChars: 4 })
    coalescer.add('ab')
    coalescer.add('cd')
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual(['abcd'])
  })

  it('flush writes what is pending and keeps the order of writes', async () => {
    const { coalescer, writes } = setup({ maxChars: 3 })
    coalescer.add('123')
    coalescer.add('45')
    await coalescer.flush()
    expect(writes).toEqual(['123', '45'])
    expect(writes.join('')).toBe('12345')
  })

  it('reports the first failed write once, drops later text, and flush rejects', async () => {
    const { coalescer, writes, errors } = setup({ maxChars: 2, fail: (t) => t === 'cd' })
    coalescer.add('ab')
    coalescer.add('cd')
    coalescer.add('ef')
    await expect(coalescer.flush()).rejects.toThrow('refused cd')
    coalescer.add('gh')
    await vi.advanceTimersByTimeAsync(500)
    expect(writes).toEqual(['ab'])
    expect(errors).toHaveLength(1)
  })
})
