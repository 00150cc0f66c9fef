import { afterEach, describe, expect, it } from 'vitest'
import { resumeGeneration, startGeneration, type ChatTransport, type GenerationContext } from '../../../app/core/chat/start-generation'
import { addUserTurn, editUserMessage, regenerateAnswer, showVersion } from '../../../app/core/chat/thread-writes'
import { ProviderError } from 'or3-provider-kit'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

interface Calls {
  stream: Array<{ request: any; options: any }>
  background: Array<{ request: any; options: any }>
  aborted: string[]
  resumed: Array<{ jobId: string; offset: number }>
}

/** A transport whose streams yield `words`; `hold` keeps a job stream open until its signal aborts. */
function fakeTransport(words: string[], options: { hold?: boolean; refuse?: Error; jobUsage?: { input: number; output: number } } = {}) {
  const calls: Calls = { stream: [], background: [], aborted: [], resumed: [] }
  async function* wordsUntil(signal?: AbortSignal) {
    for (const word of words) yield word
    if (options.hold) {
      await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError'))))
    }
  }
  const transport = {
    async *streamChat(request: any, callOptions: any) {
      calls.stream.push({ request, options: callOptions })
      if (options.refuse) throw options.refuse
      yield* wordsUntil(callOptions?.signal)
    },
    async startBackgroundChat(request: any, callOptions: any) {
      calls.background.push({ request, options: callOptions })
      if (options.refuse) throw options.refuse
      return { jobId: 'job-7', status: 'running' as const }
    },
    async abortJob(jobId: string) {
      calls.aborted.push(jobId)
      return { aborted: true, status: 'aborted' as const }
    },
    async *jobDeltas(jobId: string, offset: number, jobOptions: any) {
      calls.resumed.push({ jobId, offset })
      yield* wordsUntil(jobOptions?.signal)
      // As jobDeltas does: the job's usage arrives with its `done`, before the iteration ends.
      if (options.jobUsage) jobOptions?.onUsage?.(options.jobUsage)
    },
  } as unknown as ChatTransport
  return { transport, calls }
}

const ROOMY = { maxBytes: 8 * 1024 * 1024, maxMessages: 500, maxTokens: 100_000 }

async function setup(cloud: boolean, transport: ChatTransport, options: { background?: boolean; budget?: typeof ROOMY } = {}) {
  const chat = await openChatDb(cloud ? 'ws-gen' : null)
  const turn = await addUserTurn(chat, { threadId: null, text: 'Say hi', fileHashes: [], model: 'test/echo' })
  await chat.writer.patch('threads', turn.threadId, { system_prompt: 'Be kind' })
  const texts: string[] = []
  const context: GenerationContext = {
    ...chat,
    workspaceId: cloud ? 'ws-gen' : null,
    background: options.background ?? cloud,
    userKey: 'sk-user',
    loadAttachments: async () => [],
    requestBudget: () => options.budget ?? ROOMY,
    transport,
    onText: (text) => texts.push(text),
  }
  return { ...chat, turn, context, texts }
}

describe('generation', () => {
  it('local-only mode streams in the foreground with the user key and saves the finished answer', async () => {
    const { transport, calls } = fakeTransport(['Hi ', 'there'])
    const { db, turn, context, texts } = await setup(false, transport)
    const result = await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done

    expect(result.status).toBe('complete')
    expect(calls.background).toEqual([])
    expect(calls.stream[0]!.request).toEqual({
      model: 'test/echo',
      messages: [
        { role: 'system', content: 'Be kind' },
        { role: 'user', content: 'Say hi' },
      ],
    })
    expect(calls.stream[0]!.options.userKey).toBe('sk-user')
    expect(texts.at(-1)).toBe('Hi there')
    expect(await db.messages.get(turn.answerId)).toMatchObject({ content: 'Hi there', status: 'complete', job_id: null })
  })

  it('cloud mode runs a background job for the answer and records its job id (so a reload resumes it)', async () => {
    const { transport, calls } = fakeTransport(['Hello'])
    const { db, turn, context } = await setup(true, transport)
    await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done

    expect(calls.stream).toEqual([])
    expect(calls.background[0]!.request).toMatchObject({ workspaceId: 'ws-gen', background: { threadId: turn.threadId, messageId: turn.answerId } })
    expect(calls.resumed).toEqual([{ jobId: 'job-7', offset: 0 }])
    expect(await db.messages.get(turn.answerId)).toMatchObject({ content: 'Hello', status: 'complete', job_id: 'job-7' })
  })

  it('a background answer is saved with the token usage its job completed with, also when resumed', async () => {
    const usage = { input: 42, output: 7 }
    const started = await setup(true, fakeTransport(['Hello'], { jobUsage: usage }).transport)
    await startGeneration(started.context, { threadId: started.turn.threadId, messageId: started.turn.answerId, model: 'test/echo' }).done
    expect(await started.db.messages.get(started.turn.answerId)).toMatchObject({ content: 'Hello', status: 'complete', usage })

    const resumed = await setup(true, fakeTransport([' again'], { jobUsage: usage }).transport)
    await resumed.writer.patch('messages', resumed.turn.answerId, { content: 'Hello', status: 'streaming', job_id: 'job-8' })
    const answer = (await resumed.db.messages.get(resumed.turn.answerId))!
    await resumeGeneration(resumed.context, answer).done
    expect(await resumed.db.messages.get(resumed.turn.answerId)).toMatchObject({ content: 'Hello again', usage })
  })

  it('cloud mode streams in the foreground when the server has background generation off', async () => {
    const { transport, calls } = fakeTransport(['Hi'])
    const { db, turn, context } = await setup(true, transport, { background: false })
    await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done

    expect(calls.background).toEqual([])
    expect(calls.stream[0]!.request).not.toHaveProperty('background')
    expect(await db.messages.get(turn.answerId)).toMatchObject({ content: 'Hi', status: 'complete', job_id: null })
  })

  it('notes on the answer when older messages were left out to fit the request', async () => {
    const { transport, calls } = fakeTransport(['ok'])
    const { db, writer, turn, context } = await setup(false, transport, { budget: { ...ROOMY, maxMessages: 3 } })
    await writer.patch('messages', turn.answerId, { content: 'first answer', status: 'complete' })
    const next = await addUserTurn({ db, writer }, { threadId: turn.threadId, text: 'And now?', fileHashes: [], model: 'test/echo' })
    await startGeneration(context, { threadId: turn.threadId, messageId: next.answerId, model: 'test/echo' }).done

    // System prompt + 2 of the 3 turns; the cut never starts the conversation with an answer.
    expect(calls.stream[0]!.request.messages).toEqual([
      { role: 'system', content: 'Be kind' },
      { role: 'user', content: 'And now?' },
    ])
    expect(await db.messages.get(next.answerId)).toMatchObject({ context_left_out: { messages: 2, attachments: 0 } })
    expect((await db.messages.get(turn.answerId))?.context_left_out ?? null).toBeNull()
  })

  it('sends the model the path the thread shows, never another version of a message', async () => {
    const { transport, calls } = fakeTransport(['ok'])
    const { db, writer, turn, context } = await setup(false, transport)
    const chat = { db, writer }
    await writer.patch('messages', turn.answerId, { content: 'first answer', status: 'complete' })
    const second = await addUserTurn(chat, { threadId: turn.threadId, text: 'Tell me more', fileHashes: [], model: 'test/echo' })
    await writer.patch('messages', second.answerId, { content: 'more', status: 'complete' })
    // A second version of the first question, then back to the first one and a new version of the answer after it.
    const edit = await editUserMessage(chat, { messageId: turn.userMessageId, text: 'Say bye', model: 'test/echo' })
    await writer.patch('messages', edit.answerId, { content: 'Bye', status: 'complete' })
    await showVersion(chat, turn.userMessageId)
    const again = await regenerateAnswer(chat, { answerId: second.answerId, model: 'test/echo' })
    await startGeneration(context, { threadId: turn.threadId, messageId: again.answerId, model: 'test/echo' }).done

    expect(calls.stream[0]!.request.messages).toEqual([
      { role: 'system', content: 'Be kind' },
      { role: 'user', content: 'Say hi' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'Tell me more' },
    ])
    expect(await db.messages.get(second.answerId), 'the earlier answer stays').toMatchObject({ content: 'more', status: 'complete' })
    expect(await db.messages.get(again.answerId)).toMatchObject({ content: 'ok', status: 'complete' })
  })

  it('stop aborts the background job and keeps what arrived, marked stopped', async () => {
    const { transport, calls } = fakeTransport(['Partial '], { hold: true })
    const { db, turn, context, texts } = await setup(true, transport)
    const handle = startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' })
    while (texts.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    handle.stop()
    const result = await handle.done

    expect(result.status).toBe('aborted')
    expect(calls.aborted).toEqual(['job-7'])
    expect(await db.messages.get(turn.answerId)).toMatchObject({ content: 'Partial ', status: 'aborted' })
  })

  it('a refused request (no key) ends the answer as an error that says why', async () => {
    const refusal = new ProviderError('VALIDATION', 'No LLM API key', { fields: { 'headers.x-or3-user-key': ['missing'] } })
    const { transport } = fakeTransport([], { refuse: refusal })
    const { db, turn, context } = await setup(true, transport)
    const result = await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done

    expect(result.status).toBe('error')
    expect(result.error).toBe(refusal)
    // The reason is stored with the message, so a reload or another device can show it.
    expect(await db.messages.get(turn.answerId)).toMatchObject({ status: 'error', content: '', error: 'No LLM API key' })
  })

  it('resuming continues the job stream after the content already saved', async () => {
    const { transport, calls } = fakeTransport(['world'])
    const { db, writer, turn, context } = await setup(true, transport)
    await writer.patch('messages', turn.answerId, { content: 'Hello ', status: 'streaming', job_id: 'job-9' })
    const saved = (await db.messages.get(turn.answerId))!
    const result = await resumeGeneration(context, saved).done

    expect(calls.resumed).toEqual([{ jobId: 'job-9', offset: 6 }])
    expect(result.content).toBe('Hello world')
    expect(await db.messages.get(turn.answerId)).toMatchObject({ content: 'Hello world', status: 'complete' })
  })
})
