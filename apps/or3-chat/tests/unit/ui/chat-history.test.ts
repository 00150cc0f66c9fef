import { describe, expect, it } from 'vitest'
import type { AttachmentForModel } from '../../../app/core/chat/attachment-parts'
import { buildChatHistory, RequestTooLargeError, type ChatHistoryInput } from '../../../app/core/chat/chat-history'
import { requestBudget, type RequestBudget } from '../../../app/core/chat/request-budget'
import type { ImageShrinker } from '../../../app/core/chat/shrink-image'
import { utf8Bytes } from '../../../app/core/chat/wire-size'
import type { MessageRow } from '../../../app/core/db/synced-rows'
import { messageRow } from './support/chat-db'

const noFiles = async () => []
const MiB = 1024 * 1024
const ROOMY: RequestBudget = { maxBytes: 8 * MiB, maxMessages: 500, maxTokens: 1_000_000 }
const SERVER_LIMITS = {
  maxRequestBytes: 8 * MiB,
  maxChatMessages: 500,
  maxContentParts: 64,
  maxAttachmentBytes: 20 * MiB,
  allowedAttachmentTypes: ['image/*'],
  defaultContextTokens: 16_384,
}
const ENVELOPE = { model: 'test/echo', messages: [] as unknown[] }

function history(input: Partial<ChatHistoryInput> & Pick<ChatHistoryInput, 'messages'>) {
  return buildChatHistory({
    systemPrompt: null,
    answerIndex: Number.MAX_SAFE_INTEGER,
    loadAttachments: noFiles,
    budget: ROOMY,
    envelopeBytes: utf8Bytes(JSON.stringify(ENVELOPE)),
    ...input,
  })
}

/** The body the client would send: what the server's cap measures. */
function requestBytes(messages: unknown[]): number {
  return utf8Bytes(JSON.stringify({ ...ENVELOPE, messages }))
}

/** A "photo" of `bytes` random-ish bytes (incompressible in base64 terms). */
function photo(hash: string, bytes: number): AttachmentForModel {
  const data = new Uint8Array(bytes).map((_, i) => (i * 7919) % 251)
  return { name: `${hash}.jpg`, mimeType: 'image/jpeg', blob: new Blob([data], { type: 'image/jpeg' }), hash }
}

/** A thread of user turns (with the given attachments) each followed by a complete answer. */
function thread(turns: Array<{ text: string; files?: string[] }>): MessageRow[] {
  return turns.flatMap((turn, i) => [
    messageRow(`u${i}`, 't', i * 2, { content: turn.text, file_hashes: turn.files ?? [] }),
    messageRow(`a${i}`, 't', i * 2 + 1, { role: 'assistant', content: `answer ${i}`, status: 'complete' }),
  ])
}

describe('buildChatHistory', () => {
  it('sends the system prompt, then the turns before the answer being generated', async () => {
    const messages = [
      messageRow('u1', 't', 0, { content: 'Hi' }),
      messageRow('a1', 't', 1, { role: 'assistant', content: 'Hello!' }),
      messageRow('u2', 't', 2, { content: 'Tell me a joke' }),
      messageRow('a2', 't', 3, { role: 'assistant', content: '', status: 'pending' }),
    ]
    const built = await history({ systemPrompt: '  Be brief. ', messages, answerIndex: 3 })
    expect(built.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Tell me a joke' },
    ])
    expect(built.leftOut).toEqual({ messages: 0, attachments: 0 })
  })

  it('leaves out failed and empty answers but keeps a stopped one the user read', async () => {
    const messages = [
      messageRow('u1', 't', 0, { content: 'one' }),
      messageRow('a1', 't', 1, { role: 'assistant', content: 'half an ans', status: 'aborted' }),
      messageRow('u2', 't', 2, { content: 'two' }),
      messageRow('a2', 't', 3, { role: 'assistant', content: 'broken', status: 'error' }),
      messageRow('u3', 't', 4, { content: 'three' }),
      messageRow('a3', 't', 5, { role: 'assistant', content: '', status: 'complete' }),
    ]
    const built = await history({ messages, answerIndex: 6 })
    expect(built.messages.map((message) => message.content)).toEqual(['one', 'half an ans', 'two', 'three'])
  })

  it("adds a user message's attachments as content parts", async () => {
    const messages = [messageRow('u1', 't', 0, { content: 'What is this?', file_hashes: ['sha256:aa'] })]
    const requested: string[][] = []
    const built = await history({
      messages,
      loadAttachments: async (hashes) => {
        requested.push([...hashes])
        return [{ name: 'n.txt', mimeType: 'text/plain', blob: new Blob(['note']) }]
      },
    })
    expect(requested).toEqual([['sha256:aa']])
    expect(built.messages[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'text', text: 'Attached file "n.txt":\n```\nnote\n```' },
    ])
  })
})

describe('fitting the request to the limits', () => {
  const files: Record<string, AttachmentForModel> = {
    p1: photo('p1', 3_600_000),
    p2: photo('p2', 3_600_000),
    small: photo('small', 20_000),
    doc: { name: 'doc.pdf', mimeType: 'application/pdf', blob: new Blob(['%PDF-1.4 ünïcödé']) },
    notes: { name: 'notes.md', mimeType: 'text/markdown', blob: new Blob(['# Café\n"quoted" \\ back\n']) },
  }
  const load = async (hashes: readonly string[]) => hashes.map((hash) => files[hash]!)

  it('sizes the request exactly as the server will measure it', async () => {
    const messages = thread([{ text: 'Ünïcödé "quotes" \\ and\nlines ✓', files: ['small', 'doc', 'notes'] }, { text: 'next' }])
    const built = await history({ systemPrompt: 'Be “kind”', messages, loadAttachments: load, budget: { ...ROOMY, maxBytes: 1 } }).catch((e) => e)
    // Over a 1-byte cap even alone: the error names the real size of the newest turn's request.
    expect(built).toBeInstanceOf(RequestTooLargeError)

    const fits = await history({ systemPrompt: 'Be “kind”', messages, loadAttachments: load })
    const exact = requestBytes(fits.messages)
    // A budget of exactly that many bytes fits with nothing left out; one byte less does not.
    const atCap = await history({ systemPrompt: 'Be “kind”', messages, loadAttachments: load, budget: { ...ROOMY, maxBytes: exact } })
    expect(atCap.leftOut).toEqual({ messages: 0, attachments: 0 })
    const belowCap = await history({ systemPrompt: 'Be “kind”', messages, loadAttachments: load, budget: { ...ROOMY, maxBytes: exact - 1 } })
    expect(belowCap.leftOut.attachments).toBeGreaterThan(0)
    expect(requestBytes(belowCap.messages)).toBeLessThanOrEqual(exact - 1)
  })

  it('keeps a thread with two large photos alive: the older photos are left out, the new text turn goes through', async () => {
    const messages = thread([{ text: 'first photo', files: ['p1'] }, { text: 'second photo', files: ['p2'] }, { text: 'and what about the colours?' }]).slice(0, -1)
    const budget = requestBudget(SERVER_LIMITS, null)
    const built = await history({ messages, loadAttachments: load, budget })

    expect(requestBytes(built.messages)).toBeLessThanOrEqual(SERVER_LIMITS.maxRequestBytes)
    expect(built.messages.at(-1)).toEqual({ role: 'user', content: 'and what about the colours?' })
    // Every turn is still there; only the oldest photo made way, and the model is told so.
    expect(built.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user'])
    expect(built.messages[0]!.content).toEqual([
      { type: 'text', text: 'first photo' },
      { type: 'text', text: '[Attachment "p1.jpg" was left out to keep the request within limits]' },
    ])
    expect(JSON.stringify(built.messages[2]!.content)).toContain('data:image/jpeg;base64,')
    expect(built.leftOut).toEqual({ messages: 0, attachments: 1 })
  })

  it('re-encodes large images smaller when it can, and then sends them all', async () => {
    const shrinks: number[] = []
    // TEST DOUBLE for the browser's canvas re-encoding: a quarter of the bytes, as JPEG.
    const shrinkImage: ImageShrinker = async (image, { maxSide }) => {
      shrinks.push(maxSide)
      return new Blob([new Uint8Array(Math.floor(image.size / 4))], { type: 'image/jpeg' })
    }
    const messages = thread([{ text: 'first photo', files: ['p1'] }, { text: 'second photo', files: ['p2'] }, { text: 'compare them' }])
    const built = await history({ messages, loadAttachments: load, budget: requestBudget(SERVER_LIMITS, null), shrinkImage })
    expect(built.leftOut).toEqual({ messages: 0, attachments: 0 })
    expect(shrinks).toEqual([2048, 2048])
    expect(requestBytes(built.messages)).toBeLessThan(3 * MiB)
  })

  it('shrinks the newest photos harder when they alone are over the cap, and refuses plainly when even that fails', async () => {
    const messages = thread([{ text: 'two big ones', files: ['p1', 'p2'] }])
    const budget = { ...ROOMY, maxBytes: 6 * MiB }
    await expect(history({ messages, loadAttachments: load, budget, answerIndex: 1 })).rejects.toThrow(/too large to send.*Remove an attachment/)

    const halving: ImageShrinker = async (image, { maxSide }) =>
      maxSide >= 2048 ? null : new Blob([new Uint8Array(Math.floor(image.size / 2))], { type: 'image/jpeg' })
    const built = await history({ messages, loadAttachments: load, budget, answerIndex: 1, shrinkImage: halving })
    expect(requestBytes(built.messages)).toBeLessThanOrEqual(6 * MiB)
    expect(built.leftOut).toEqual({ messages: 0, attachments: 0 })
  })

  it('keeps the newest 500 messages of a longer thread (the server refuses more)', async () => {
    const messages = thread(Array.from({ length: 300 }, (_, i) => ({ text: `question ${i}` })))
    const built = await history({ systemPrompt: 'sys', messages, budget: requestBudget(SERVER_LIMITS, 1_000_000) })
    // 601 messages with the system prompt: the oldest 101 go, and then the answer that would open the conversation.
    expect(built.messages).toHaveLength(499)
    expect(built.messages[0]).toEqual({ role: 'system', content: 'sys' })
    expect(built.messages[1]).toEqual({ role: 'user', content: 'question 51' })
    expect(built.messages.at(-1)).toEqual({ role: 'assistant', content: 'answer 299' })
    expect(built.leftOut).toEqual({ messages: 102, attachments: 0 })
  })

  it("trims the oldest turns to the model's context window, from /models or the server's default", async () => {
    const long = 'word '.repeat(3000)
    const messages = thread(Array.from({ length: 10 }, (_, i) => ({ text: `${i} ${long}` }))).slice(0, -1)
    const roomy = await history({ messages, budget: requestBudget(SERVER_LIMITS, 200_000) })
    expect(roomy.leftOut.messages).toBe(0)
    const small = await history({ messages, budget: requestBudget(SERVER_LIMITS, null) })
    expect(small.leftOut.messages).toBeGreaterThan(0)
    expect(small.messages[0]!.role).toBe('user')
    expect(small.messages.at(-1)!.content).toContain('9 word')
  })
})

describe('documents in the request', () => {
  it("sends a PDF as its extracted text, and the files of the newest message fill at most half the model's context", async () => {
    const budget = requestBudget(SERVER_LIMITS, 8_000)
    const pdfText = 'lorem ipsum '.repeat(5_000)
    const files: Record<string, AttachmentForModel> = {
      report: { name: 'report.pdf', mimeType: 'application/pdf', blob: new Blob(['%PDF-1.4 report'], { type: 'application/pdf' }), hash: 'report' },
      notes: { name: 'notes.txt', mimeType: 'text/plain', blob: new Blob(['n'.repeat(60_000)], { type: 'text/plain' }), hash: 'notes' },
    }
    const built = await history({
      messages: [messageRow('u0', 't', 0, { content: 'Compare these', file_hashes: ['report', 'notes'] })],
      loadAttachments: async (hashes) => hashes.map((hash) => files[hash]!),
      extractPdfText: async () => pdfText,
      budget,
    })
    const parts = built.messages.at(-1)!.content as Array<{ type: string; text: string }>
    expect(parts.map((part) => part.type)).toEqual(['text', 'text', 'text'])
    expect(parts[1]!.text.startsWith('Text of the attached PDF "report.pdf":\n```\nlorem ipsum')).toBe(true)
    // 8,000 tokens less the answer's room, half of it for the two files, about three characters a token.
    const perFile = Math.floor((budget.maxTokens * 0.5 * 3) / 2)
    expect(parts[1]!.text).toContain(`[… cut after ${perFile} characters]`)
    expect(parts[2]!.text).toContain(`[… cut after ${perFile} characters]`)
    const tokens = parts.reduce((sum, part) => sum + Math.ceil(part.text.length / 3), 0)
    expect(tokens).toBeLessThanOrEqual(budget.maxTokens)
  })
})
