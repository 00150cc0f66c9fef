import { afterEach, describe, expect, it } from 'vitest'
import { addUserTurn, deleteThread, editUserMessage, titleFromMessage } from '../../../app/core/chat/thread-writes'
import { authorLabel } from '../../../app/core/chat/message-author'
import { listMessages } from '../../../app/core/db/queries'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

describe('chat writes', () => {
  it('creates a thread titled after the first message, with the message and an empty answer, all queued for sync', async () => {
    const context = await openChatDb()
    const turn = await addUserTurn(context, { threadId: null, text: 'Plan a trip to Lisbon\nwith kids', fileHashes: ['sha256:f'], model: 'm1' })
    const thread = await context.db.threads.get(turn.threadId)
    expect(thread?.title).toBe('Plan a trip to Lisbon')
    const messages = await listMessages(context.db, turn.threadId)
    expect(messages.map((m) => [m.role, m.index, m.status, m.content])).toEqual([
      ['user', 0, 'complete', 'Plan a trip to Lisbon\nwith kids'],
      ['assistant', 1, 'pending', ''],
    ])
    expect(messages[0]!.file_hashes).toEqual(['sha256:f'])
    expect(messages[1]!.model).toBe('m1')
    const queued = (await context.db.pending_ops.toArray()).map((op) => op.table_name).sort()
    expect(queued).toEqual(['messages', 'messages', 'threads'])
  })

  it('creates a new thread with the system prompt chosen before its first message, and leaves an existing one alone', async () => {
    const context = await openChatDb()
    const turn = await addUserTurn(context, { threadId: null, text: 'ahoy', fileHashes: [], model: 'm', systemPrompt: ' Answer like a pirate. ' })
    expect((await context.db.threads.get(turn.threadId))?.system_prompt).toBe('Answer like a pirate.')
    await addUserTurn(context, { threadId: turn.threadId, text: 'again', fileHashes: [], model: 'm', systemPrompt: 'ignored' })
    expect((await context.db.threads.get(turn.threadId))?.system_prompt).toBe('Answer like a pirate.')
    const plain = await addUserTurn(context, { threadId: null, text: 'plain', fileHashes: [], model: 'm' })
    expect((await context.db.threads.get(plain.threadId))?.system_prompt).toBeNull()
  })

  it("stamps the writer's account on a user message and in its sync payload; an edit restamps it", async () => {
    const context = await openChatDb()
    const ada = { ...context, author: { userId: 'user-ada', name: 'Ada' } }
    const turn = await addUserTurn(ada, { threadId: null, text: 'hello team', fileHashes: [], model: 'm' })
    const [question, answer] = await listMessages(context.db, turn.threadId)
    expect([question!.author_user_id, question!.author_name]).toEqual(['user-ada', 'Ada'])
    expect(answer!.author_user_id, 'answers have no author').toBeUndefined()
    const op = (await context.db.pending_ops.toArray()).find((pending) => pending.pk === turn.userMessageId)
    expect(op?.op.payload).toMatchObject({ author_user_id: 'user-ada', author_name: 'Ada' })

    const edit = await editUserMessage({ ...context, author: { userId: 'user-bo', name: 'Bo' } }, { messageId: turn.userMessageId, text: 'hello all', model: 'm' })
    const edited = await context.db.messages.get(edit.userMessageId)
    expect([edited!.author_user_id, edited!.author_name], 'the new words are the editor’s').toEqual(['user-bo', 'Bo'])
    expect((await context.db.messages.get(turn.userMessageId))!.author_name, 'the earlier version keeps its author').toBe('Ada')

    const local = await addUserTurn(context, { threadId: null, text: 'offline', fileHashes: [], model: 'm' })
    expect((await context.db.messages.get(local.userMessageId))!.author_user_id, 'no account, no author').toBeNull()
  })

  it("shows the author's name only on other members' messages", () => {
    expect(authorLabel({ author_user_id: 'user-bo', author_name: 'Bo' }, 'user-ada')).toBe('Bo')
    expect(authorLabel({ author_user_id: 'user-ada', author_name: 'Ada' }, 'user-ada'), 'the reader’s own').toBeNull()
    expect(authorLabel({}, 'user-ada'), 'a row from before authors').toBeNull()
    expect(authorLabel({ author_user_id: 'user-bo', author_name: null }, 'user-ada'), 'a nameless author').toBe('Another member')
  })

  it('appends later turns after the last message', async () => {
    const context = await openChatDb()
    const first = await addUserTurn(context, { threadId: null, text: 'one', fileHashes: [], model: 'm' })
    const second = await addUserTurn(context, { threadId: first.threadId, text: 'two', fileHashes: [], model: 'm' })
    expect(second.answerIndex).toBe(3)
    expect((await listMessages(context.db, first.threadId)).map((m) => m.index)).toEqual([0, 1, 2, 3])
  })

  it('deleting a thread deletes its messages too', async () => {
    const context = await openChatDb()
    const turn = await addUserTurn(context, { threadId: null, text: 'q', fileHashes: [], model: 'm' })
    await deleteThread(context, turn.threadId)
    expect((await context.db.threads.get(turn.threadId))?.deleted).toBe(true)
    expect(await listMessages(context.db, turn.threadId)).toEqual([])
  })

  it('shortens long titles at a word boundary', () => {
    const title = titleFromMessage(`${'word '.repeat(40)}end`)
    expect(title.length).toBeLessThanOrEqual(81)
    expect(title.endsWith('word…')).toBe(true)
    expect(titleFromMessage('   \n')).toBe('New chat')
  })

  it('titles with plain text: no Markdown marks or link targets', () => {
    expect(titleFromMessage('## Fix **my_var** in `main.ts` per [the docs](https://x.dev/a)')).toBe('Fix my_var in main.ts per the docs')
  })
})
