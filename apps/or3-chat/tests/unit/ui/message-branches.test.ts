import { afterEach, describe, expect, it } from 'vitest'
import { branchThreadFrom, branchTitle } from '../../../app/core/chat/branch-thread'
import { buildMessageTree, pathTo, shownPath } from '../../../app/core/chat/message-branches'
import { addUserTurn, editUserMessage, regenerateAnswer, showVersion } from '../../../app/core/chat/thread-writes'
import { listMessages } from '../../../app/core/db/queries'
import type { MessageRow } from '../../../app/core/db/synced-rows'
import { closeChatDbs, messageInput, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

const row = (id: string, index: number, extra: Partial<MessageRow> = {}): MessageRow => ({
  ...messageInput(id, 't', index),
  clock: 1,
  hlc: 'x',
  updated_at: 1,
  deleted: false,
  deleted_at: null,
  ...extra,
})

type Context = Awaited<ReturnType<typeof openChatDb>>

/** What the thread shows: each message's text and, when it has versions, its place among them. */
async function shown(context: Context, threadId: string) {
  const path = shownPath(buildMessageTree(await listMessages(context.db, threadId)))
  return path.map(({ message, place }) => (place.count > 1 ? `${message.content} ${place.position}/${place.count}` : message.content))
}

/** A complete answer, as a finished generation leaves it. */
const answer = (context: Context, id: string, text: string) => context.writer.patch('messages', id, { content: text, status: 'complete' })

describe('the message tree', () => {
  it('reads rows without parents (written before branches, or by a device that does not know them) as one line', () => {
    const tree = buildMessageTree([row('c', 2), row('a', 0), row('b', 1, { role: 'assistant' })])
    expect(shownPath(tree).map((entry) => [entry.message.id, entry.place.count])).toEqual([['a', 1], ['b', 1], ['c', 1]])
  })

  it('forks where rows share a parent and follows the version chosen last, the newest written on a tie', () => {
    const rows = [
      row('q1', 0, { parent_id: null, created_at: 10 }),
      row('a1', 1, { parent_id: 'q1', created_at: 10 }),
      row('q1b', 2, { parent_id: null, created_at: 20 }),
      row('a1b', 3, { parent_id: 'q1b', created_at: 20 }),
    ]
    expect(shownPath(buildMessageTree(rows)).map((entry) => entry.message.id), 'the newest version').toEqual(['q1b', 'a1b'])
    rows[0]!.shown_at = 30
    const path = shownPath(buildMessageTree(rows))
    expect(path.map((entry) => entry.message.id)).toEqual(['q1', 'a1'])
    expect(path[0]!.place).toEqual({ position: 1, count: 2, siblings: ['q1', 'q1b'] })
    expect(shownPath(buildMessageTree(rows.map((r) => ({ ...r, shown_at: null, created_at: 5 })))).map((e) => e.message.id), 'tie').toEqual(['q1b', 'a1b'])
  })

  it('keeps a message whose parent is gone (or was never written before it) in reach, after the row before it', () => {
    const tree = buildMessageTree([
      row('q1', 0, { parent_id: null }),
      row('a1', 1, { parent_id: 'q1' }),
      row('gone', 2, { parent_id: 'a1', deleted: true }),
      row('orphan', 3, { parent_id: 'gone' }),
      row('loop', 4, { parent_id: 'later' }),
      row('later', 5, { parent_id: 'loop' }),
    ])
    expect(shownPath(tree).map((entry) => entry.message.id)).toEqual(['q1', 'a1', 'orphan', 'loop', 'later'])
    expect(pathTo(tree, 'orphan')!.map((message) => message.id)).toEqual(['q1', 'a1', 'orphan'])
    expect(pathTo(tree, 'gone')).toBeNull()
  })
})

describe('branches, not overwrites', () => {
  it('an edit adds a version of the message and answers it; the earlier version and what followed it stay', async () => {
    const context = await openChatDb()
    const first = await addUserTurn(context, { threadId: null, text: 'one', fileHashes: ['sha256:f'], model: 'm' })
    await answer(context, first.answerId, 'answer one')
    const second = await addUserTurn(context, { threadId: first.threadId, text: 'two', fileHashes: [], model: 'm' })
    await answer(context, second.answerId, 'answer two')

    const edited = await editUserMessage(context, { messageId: first.userMessageId, text: 'ONE', model: 'm2' })
    expect(await shown(context, first.threadId)).toEqual(['ONE 2/2', ''])
    const [original, edit] = await Promise.all([context.db.messages.get(first.userMessageId), context.db.messages.get(edited.userMessageId)])
    expect(original!.content, 'the earlier version is its own row, untouched').toBe('one')
    expect(edit!.file_hashes, 'the attachments come along').toEqual(['sha256:f'])
    expect((await context.db.messages.get(edited.answerId))!.model).toBe('m2')
    expect((await listMessages(context.db, first.threadId)).filter((m) => m.deleted)).toEqual([])

    // Back to the first version: the thread continues from it, and a new turn follows it.
    await showVersion(context, first.userMessageId)
    expect(await shown(context, first.threadId)).toEqual(['one 1/2', 'answer one', 'two', 'answer two'])
    const third = await addUserTurn(context, { threadId: first.threadId, text: 'three', fileHashes: [], model: 'm' })
    await answer(context, third.answerId, 'answer three')
    expect(await shown(context, first.threadId)).toEqual(['one 1/2', 'answer one', 'two', 'answer two', 'three', 'answer three'])
    await showVersion(context, edited.userMessageId)
    expect(await shown(context, first.threadId)).toEqual(['ONE 2/2', ''])
  })

  it('regenerating adds a version of the answer and shows it; switching back shows the earlier one', async () => {
    const context = await openChatDb()
    const turn = await addUserTurn(context, { threadId: null, text: 'q', fileHashes: [], model: 'm' })
    await context.writer.patch('messages', turn.answerId, { content: 'old answer', status: 'complete', job_id: 'job-1' })
    const again = await regenerateAnswer(context, { answerId: turn.answerId, model: 'm3' })
    expect(await context.db.messages.get(again.answerId)).toMatchObject({ content: '', status: 'pending', job_id: null, model: 'm3', parent_id: turn.userMessageId })
    expect(await context.db.messages.get(turn.answerId), 'the earlier version stays as it was').toMatchObject({ content: 'old answer', job_id: 'job-1' })
    await answer(context, again.answerId, 'new answer')
    expect(await shown(context, turn.threadId)).toEqual(['q', 'new answer 2/2'])
    await showVersion(context, turn.answerId)
    expect(await shown(context, turn.threadId)).toEqual(['q', 'old answer 1/2'])
  })

  it('a switch wins over versions stamped by a device whose clock ran ahead', async () => {
    const context = await openChatDb()
    const turn = await addUserTurn(context, { threadId: null, text: 'q', fileHashes: [], model: 'm' })
    const again = await regenerateAnswer(context, { answerId: turn.answerId, model: 'm' })
    await context.writer.patch('messages', again.answerId, { shown_at: Date.now() * 2 })
    await showVersion(context, turn.answerId)
    expect((await shown(context, turn.threadId))[1]).toBe(' 1/2')
  })

  it('"branch from here" copies the shown path up to the message into a new thread, and leaves the thread as it was', async () => {
    const context = await openChatDb()
    const first = await addUserTurn(context, { threadId: null, text: 'one', fileHashes: ['sha256:f'], model: 'm' })
    await answer(context, first.answerId, 'answer one')
    await context.writer.patch('messages', first.answerId, { usage: { input: 5, output: 7 } })
    await context.writer.patch('threads', first.threadId, { system_prompt: 'Be brief' })
    const edited = await editUserMessage(context, { messageId: first.userMessageId, text: 'ONE', model: 'm' })
    await answer(context, edited.answerId, 'answer ONE')
    const second = await addUserTurn(context, { threadId: first.threadId, text: 'two', fileHashes: [], model: 'm' })
    const before = await listMessages(context.db, first.threadId)

    const branched = await branchThreadFrom(context, edited.answerId)
    expect(await shown(context, branched), 'only the versions shown, up to the message').toEqual(['ONE', 'answer ONE'])
    const copies = await listMessages(context.db, branched)
    expect(copies.map((m) => [m.index, m.parent_id, m.usage])).toEqual([
      [0, null, null],
      [1, copies[0]!.id, null],
    ])
    expect(copies[0]!.file_hashes).toEqual(['sha256:f'])
    expect(copies.some((copy) => before.some((m) => m.id === copy.id)), 'new rows').toBe(false)
    expect(await context.db.threads.get(branched)).toMatchObject({ title: branchTitle('one'), title_source: 'user', system_prompt: 'Be brief' })
    expect(await listMessages(context.db, first.threadId)).toEqual(before)

    // An answer still generating is copied as stopped.
    const fromPending = await branchThreadFrom(context, second.answerId)
    expect((await listMessages(context.db, fromPending)).at(-1)).toMatchObject({ status: 'aborted', job_id: null })
  })
})
