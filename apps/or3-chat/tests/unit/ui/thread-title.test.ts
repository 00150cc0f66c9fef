import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChatTitleRequest } from 'or3-provider-kit'
import { titleThreadAfterFirstAnswer } from '../../../app/core/chat/thread-title'
import { addUserTurn, renameThread } from '../../../app/core/chat/thread-writes'
import { OUTRANKING_CLOCK_STEP } from '../../../app/core/db/local-writes'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

type ChatDb = Awaited<ReturnType<typeof openChatDb>>

/** A thread whose first answer completed, as the chat leaves it. */
async function answeredThread(context: ChatDb, question = 'How do I keep basil alive indoors?') {
  const turn = await addUserTurn(context, { threadId: null, text: question, fileHashes: [], model: 'test/echo' })
  await context.writer.patch('messages', turn.answerId, { content: 'Give it sun and water it when the soil is dry.', status: 'complete' })
  return { threadId: turn.threadId, answerId: turn.answerId, turn }
}

function requester(title: string | null) {
  const asked: ChatTitleRequest[] = []
  const request = async (input: ChatTitleRequest) => {
    asked.push(input)
    return title
  }
  return { asked, request }
}

describe('generated thread titles', () => {
  it('replaces the placeholder after the first answer with the generated title, marked as generated and queued for sync', async () => {
    const context = await openChatDb()
    const { threadId, answerId } = await answeredThread(context)
    expect((await context.db.threads.get(threadId))?.title_source).toBe('placeholder')
    const { asked, request } = requester('Indoor basil care')

    expect(await titleThreadAfterFirstAnswer(context, { threadId, answerId }, request)).toBe('Indoor basil care')
    expect(asked).toEqual([{ model: 'test/echo', question: 'How do I keep basil alive indoors?', answer: 'Give it sun and water it when the soil is dry.' }])
    const thread = await context.db.threads.get(threadId)
    expect([thread?.title, thread?.title_source]).toEqual(['Indoor basil care', 'generated'])
    const ops = (await context.db.pending_ops.toArray()).filter((op) => op.pk === threadId)
    expect(ops.at(-1)?.op.payload).toMatchObject({ title: 'Indoor basil care', title_source: 'generated' })
  })

  it('keeps a rename made while the title was being asked for', async () => {
    const context = await openChatDb()
    const { threadId, answerId } = await answeredThread(context)
    const written = await titleThreadAfterFirstAnswer(context, { threadId, answerId }, async () => {
      await renameThread(context, threadId, 'My basil')
      return 'Indoor basil care'
    })
    expect(written).toBeNull()
    const thread = await context.db.threads.get(threadId)
    expect([thread?.title, thread?.title_source]).toEqual(['My basil', 'user'])
  })

  it('asks for nothing once the user renamed, or the answer is not the first complete one, or the thread predates titles', async () => {
    const context = await openChatDb()
    const renamed = await answeredThread(context)
    await renameThread(context, renamed.threadId, 'Mine')
    const unfinished = await addUserTurn(context, { threadId: null, text: 'still streaming', fileHashes: [], model: 'm' })
    const second = await answeredThread(context, 'first question')
    const later = await addUserTurn(context, { threadId: second.threadId, text: 'follow-up', fileHashes: [], model: 'm' })
    await context.writer.patch('messages', later.answerId, { content: 'more', status: 'complete' })
    const legacy = await answeredThread(context, 'an old thread')
    await context.writer.patch('threads', legacy.threadId, { title_source: undefined })
    const oldDeviceRename = await answeredThread(context, 'renamed by an older app')
    // An app that predates title_source renames without touching it.
    await context.writer.patch('threads', oldDeviceRename.threadId, { title: 'Renamed elsewhere' })

    const { asked, request } = requester('Generated')
    for (const target of [renamed, { threadId: unfinished.threadId, answerId: unfinished.answerId }, { threadId: second.threadId, answerId: later.answerId }, legacy, oldDeviceRename]) {
      expect(await titleThreadAfterFirstAnswer(context, { threadId: target.threadId, answerId: target.answerId }, request)).toBeNull()
    }
    expect(asked).toEqual([])
    expect((await context.db.threads.get(oldDeviceRename.threadId))?.title).toBe('Renamed elsewhere')
  })

  it('leaves the placeholder when the server gives no title or the request fails', async () => {
    const context = await openChatDb()
    const { threadId, answerId } = await answeredThread(context)
    expect(await titleThreadAfterFirstAnswer(context, { threadId, answerId }, async () => null)).toBeNull()
    const failing = async () => {
      throw new Error('upstream down')
    }
    expect(await titleThreadAfterFirstAnswer(context, { threadId, answerId }, failing)).toBeNull()
    const thread = await context.db.threads.get(threadId)
    expect([thread?.title, thread?.title_source]).toEqual(['How do I keep basil alive indoors?', 'placeholder'])
  })

  it('sends at most the capped length of the question and the answer', async () => {
    const context = await openChatDb()
    const { threadId, answerId } = await answeredThread(context, `long ${'word '.repeat(1_000)}`)
    await context.writer.patch('messages', answerId, { content: 'x'.repeat(10_000) })
    const { asked, request } = requester('Long')
    await titleThreadAfterFirstAnswer(context, { threadId, answerId }, request)
    expect([asked[0]!.question.length, asked[0]!.answer.length]).toEqual([2_000, 2_000])
  })

  it('a rename outranks every write of the thread made without seeing it', async () => {
    const context = await openChatDb()
    const { threadId } = await answeredThread(context)
    const before = (await context.db.threads.get(threadId))!.clock
    await renameThread(context, threadId, 'Mine')
    expect((await context.db.threads.get(threadId))!.clock).toBe(before + OUTRANKING_CLOCK_STEP)
    await context.writer.patch('threads', threadId, { pinned: 1 })
    expect((await context.db.threads.get(threadId))!.clock, 'later writes build on it as usual').toBe(before + OUTRANKING_CLOCK_STEP + 1)
  })
})
