import { afterEach, describe, expect, it } from 'vitest'
import { findThreadIdsMatching } from '../../../app/core/chat/thread-search'
import { closeChatDbs, messageInput, openChatDb, threadInput } from './support/chat-db'

afterEach(closeChatDbs)

describe('thread search', () => {
  it('finds threads by title and by the content of their messages, ignoring case', async () => {
    const { db, writer } = await openChatDb()
    await writer.put('threads', threadInput('t-title', 'Sourdough starter'))
    await writer.put('threads', threadInput('t-body', 'Weekend'))
    await writer.put('threads', threadInput('t-none', 'Taxes'))
    await writer.put('messages', messageInput('m1', 't-body', 0, { content: 'How long should SOURDOUGH rise?' }))
    await writer.put('messages', messageInput('m2', 't-none', 0, { content: 'deductions' }))
    expect([...(await findThreadIdsMatching(db, '  sourdough '))].sort()).toEqual(['t-body', 't-title'])
  })

  it('ignores deleted messages and deleted threads', async () => {
    const { db, writer } = await openChatDb()
    await writer.put('threads', threadInput('t1', 'Plans'))
    await writer.put('messages', messageInput('m1', 't1', 0, { content: 'secret word: pineapple' }))
    await writer.softDelete('messages', 'm1')
    await writer.put('threads', threadInput('t2', 'pineapple pizza'))
    await writer.softDelete('threads', 't2')
    expect(await findThreadIdsMatching(db, 'pineapple')).toEqual(new Set())
  })
})
