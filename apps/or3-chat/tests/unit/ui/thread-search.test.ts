import { afterEach, describe, expect, it } from 'vitest'
import { findThreadMatches, splitOnMatch } from '../../../app/core/chat/thread-search'
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
    const found = await findThreadMatches(db, '  sourdough ')
    expect([...found.keys()].sort()).toEqual(['t-body', 't-title'])
    expect(found.get('t-title')).toBeNull()
    expect(found.get('t-body')).toEqual({ before: '…long should ', match: 'SOURDOUGH', after: ' rise?' })
  })

  it("snippets the thread's first matching message, also when the title matched too", async () => {
    const { db, writer } = await openChatDb()
    await writer.put('threads', threadInput('t1', 'Bread'))
    await writer.put('messages', messageInput('m2', 't1', 1, { content: 'later bread talk' }))
    await writer.put('messages', messageInput('m1', 't1', 0, { content: 'first bread question' }))
    expect((await findThreadMatches(db, 'bread')).get('t1')).toEqual({ before: 'first ', match: 'bread', after: ' question' })
  })

  it('ignores deleted messages and deleted threads', async () => {
    const { db, writer } = await openChatDb()
    await writer.put('threads', threadInput('t1', 'Plans'))
    await writer.put('messages', messageInput('m1', 't1', 0, { content: 'secret word: pineapple' }))
    await writer.softDelete('messages', 'm1')
    await writer.put('threads', threadInput('t2', 'pineapple pizza'))
    await writer.softDelete('threads', 't2')
    expect(await findThreadMatches(db, 'pineapple')).toEqual(new Map())
  })
})

describe('splitOnMatch', () => {
  it('cuts a long message around the match, collapsing whitespace and marking the cuts', () => {
    const text = `${'a'.repeat(100)}\n\n  needle   ${'b'.repeat(100)}`
    expect(splitOnMatch(text, 'needle', { before: 5, after: 6 })).toEqual({ before: '…aaaa ', match: 'needle', after: ' bbbbb…' })
  })

  it('keeps message markup as plain text in the parts (the view interpolates them, never as HTML)', () => {
    const parts = splitOnMatch('<img src=x onerror=alert(1)> find <b>me</b>', 'find', { before: 40, after: 40 })
    expect(parts).toEqual({ before: '<img src=x onerror=alert(1)> ', match: 'find', after: ' <b>me</b>' })
  })

  it('returns null when nothing matches or lower-casing changes the length', () => {
    expect(splitOnMatch('Bread', 'cake')).toBeNull()
    expect(splitOnMatch('İstanbul bread', 'bread')).toBeNull()
    expect(splitOnMatch('Bread', '')).toBeNull()
  })
})
