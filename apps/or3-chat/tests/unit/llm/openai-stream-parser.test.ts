import { describe, expect, it } from 'vitest'
import { createOpenAiStreamParser, type OpenAiStreamItem } from '../../../shared/chat-stream/openai-stream-parser'
import { ChatStreamError, readOpenAiDeltas } from '../../../shared/chat-stream/read-openai-deltas'
import { createSseEventParser } from '../../../shared/chat-stream/sse-event-parser'

const delta = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`

function parseAll(chunks: string[]): OpenAiStreamItem[] {
  const parser = createOpenAiStreamParser()
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()]
}

function bodyOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c)
      controller.close()
    },
  })
}

async function collect(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = []
  for await (const text of readOpenAiDeltas(body)) out.push(text)
  return out
}

describe('SSE framing', () => {
  it('joins a line split across chunks, at any byte', () => {
    const stream = `${delta('Hello')}${delta(' world')}data: [DONE]\n\n`
    for (let cut = 1; cut < stream.length; cut++) {
      const items = parseAll([stream.slice(0, cut), stream.slice(cut)])
      expect(items, `cut at ${cut}`).toEqual([
        { type: 'delta', text: 'Hello' },
        { type: 'delta', text: ' world' },
        { type: 'done' },
      ])
    }
  })

  it('returns several events from one chunk, in order', () => {
    expect(parseAll([`${delta('a')}${delta('b')}${delta('c')}`])).toEqual([
      { type: 'delta', text: 'a' },
      { type: 'delta', text: 'b' },
      { type: 'delta', text: 'c' },
    ])
  })

  it('treats a CRLF split between chunks as one line end', () => {
    const parser = createSseEventParser()
    const events = [...parser.push('data: a\r'), ...parser.push('\ndata: b\r\n\r\n')]
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }])
  })

  it('skips comments, keeps event names and joins multi-line data', () => {
    const parser = createSseEventParser()
    expect(parser.push(': ping\n\nevent: delta\ndata: {"x":\ndata: 1}\n\n')).toEqual([{ event: 'delta', data: '{"x":\n1}' }])
  })

  it('delivers a last event that lacks its closing blank line when the stream ends', () => {
    expect(parseAll([delta('x'), 'data: [DONE]'])).toEqual([{ type: 'delta', text: 'x' }, { type: 'done' }])
  })
})

describe('OpenAI chunks', () => {
  it('ends at [DONE] and ignores role-only and empty deltas', () => {
    const roleOnly = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })}\n\n`
    const finish = `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`
    expect(parseAll([roleOnly, delta('hi'), finish, 'data: [DONE]\n\n'])).toEqual([
      { type: 'delta', text: 'hi' },
      { type: 'done' },
    ])
  })

  it('skips malformed data lines, counts them, and goes on', () => {
    const parser = createOpenAiStreamParser()
    const items = parser.push(`data: {not json\n\ndata: 42\n\n${delta('ok')}garbage line without colon\n\n`)
    expect(items).toEqual([{ type: 'delta', text: 'ok' }])
    expect(parser.malformed).toBe(2)
  })

  it('reports usage from the last chunk without choices, and from a content chunk that carries it', () => {
    const usage = (prompt: unknown, completion: unknown, choices: unknown[] = []) =>
      `data: ${JSON.stringify({ choices, usage: { prompt_tokens: prompt, completion_tokens: completion } })}\n\n`
    expect(parseAll([delta('hi'), usage(12, 3), 'data: [DONE]\n\n'])).toEqual([
      { type: 'delta', text: 'hi' },
      { type: 'usage', usage: { input: 12, output: 3 } },
      { type: 'done' },
    ])
    expect(parseAll([usage(5, 1, [{ index: 0, delta: { content: 'x' } }])])).toEqual([
      { type: 'delta', text: 'x' },
      { type: 'usage', usage: { input: 5, output: 1 } },
    ])
    const noUsage = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'y' } }], usage: null })}\n\n`
    expect(parseAll([noUsage, usage(-1, 2), usage('7', 2), usage(1.5, 2)]), 'null, negative, text and fractions are no usage').toEqual([
      { type: 'delta', text: 'y' },
    ])
  })

  it('turns an error payload into an error item', () => {
    expect(parseAll([delta('part'), 'data: {"error":{"message":"overloaded"}}\n\n'])).toEqual([
      { type: 'delta', text: 'part' },
      { type: 'error', message: 'overloaded' },
    ])
  })
})

describe('readOpenAiDeltas', () => {
  it('decodes a multi-byte character split across byte chunks', async () => {
    const bytes = new TextEncoder().encode(`${delta('héllo 🌍')}data: [DONE]\n\n`)
    const cut = bytes.indexOf(0xf0) + 2 // inside the 4-byte emoji
    expect((await collect(bodyOf([bytes.slice(0, cut), bytes.slice(cut)]))).join('')).toBe('héllo 🌍')
  })

  it('hands the reported usage to onUsage, and never calls it when the upstream reports none', async () => {
    const reported: unknown[] = []
    const usageChunk = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } })}\n\n`
    const text: string[] = []
    for await (const piece of readOpenAiDeltas(bodyOf([delta('a'), delta('b'), usageChunk, 'data: [DONE]\n\n']), { onUsage: (u) => reported.push(u) })) text.push(piece)
    expect([text, reported]).toEqual([['a', 'b'], [{ input: 9, output: 2 }]])
    for await (const piece of readOpenAiDeltas(bodyOf([delta('c'), 'data: [DONE]\n\n']), { onUsage: (u) => reported.push(u) })) text.push(piece)
    expect(reported).toHaveLength(1)
  })

  it('stops at [DONE] even if more follows', async () => {
    expect(await collect(bodyOf([delta('a'), 'data: [DONE]\n\n', delta('b')]))).toEqual(['a'])
  })

  it('throws ChatStreamError with the upstream message on an error event', async () => {
    await expect(collect(bodyOf([delta('a'), 'data: {"error":{"message":"quota gone"}}\n\n']))).rejects.toThrow(
      new ChatStreamError('quota gone'),
    )
  })
})
