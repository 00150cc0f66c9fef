import type { ChangeStamp } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import {
  deletePrompt,
  listSavedPrompts,
  matchPrompts,
  promptDraftProblem,
  savePrompt,
  slashQuery,
  type SavedPrompt,
} from '../../../app/core/prompts/prompt-library'
import { applyRemoteChanges, inRemoteTransaction } from '../../../app/core/sync/apply-remote'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

describe('the prompt library', () => {
  it('saves prompts and presets as synced posts, lists them by name, edits and deletes them', async () => {
    const context = await openChatDb()
    const { db, writer } = context
    const summarise = await savePrompt(context, { kind: 'prompt', title: ' Summarise ', content: 'Summarise this in three bullet points:\n' })
    const pirate = await savePrompt(context, { kind: 'system', title: 'Pirate', content: 'Answer like a pirate.' })
    await writer.put('posts', { id: 'note', title: 'A note', content: 'not a prompt', post_type: 'note', created_at: 1 })

    expect(await listSavedPrompts(db)).toEqual([
      { id: pirate, kind: 'system', title: 'Pirate', content: 'Answer like a pirate.' },
      { id: summarise, kind: 'prompt', title: 'Summarise', content: 'Summarise this in three bullet points:' },
    ])
    const ops = (await db.pending_ops.toArray()).map((row) => row.op)
    expect(ops.find((op) => op.pk === pirate)).toMatchObject({ tableName: 'posts', operation: 'put', payload: { post_type: 'system-prompt', title: 'Pirate' } })

    await savePrompt(context, { id: pirate, kind: 'system', title: 'Pirate captain', content: 'Answer like a pirate captain.' })
    await deletePrompt(writer, summarise)
    expect(await listSavedPrompts(db)).toEqual([{ id: pirate, kind: 'system', title: 'Pirate captain', content: 'Answer like a pirate captain.' }])
    expect((await db.pending_ops.toArray()).at(-1)?.op).toMatchObject({ pk: summarise, operation: 'delete' })
  })

  it('lists a prompt saved on another device once it has synced', async () => {
    const { db } = await openChatDb()
    const at = 2_000_000
    const hlc = createHybridLogicalClock('device-ui', () => at)
    const stamp: ChangeStamp = { deviceId: 'laptop', opId: 'op-1', clock: 1, hlc: `${String(at).padStart(13, '0')}:0000:laptop` }
    const payload = { id: 'p1', title: 'Translate', content: 'Translate into French:', post_type: 'prompt', created_at: at, updated_at: at, deleted: false, deleted_at: null }
    await inRemoteTransaction(db, () => applyRemoteChanges(db, [{ tableName: 'posts', pk: 'p1', deleted: false, payload, stamp }], hlc, { fromSnapshot: false }))
    expect(await listSavedPrompts(db)).toEqual([{ id: 'p1', kind: 'prompt', title: 'Translate', content: 'Translate into French:' }])
  })

  it('refuses a prompt without a name or text, saying what is missing', async () => {
    const context = await openChatDb()
    expect(promptDraftProblem({ kind: 'prompt', title: '  ', content: 'x' })).toMatch(/name/)
    await expect(savePrompt(context, { kind: 'prompt', title: 'Empty', content: ' \n' })).rejects.toThrow('Write the text of the prompt.')
    expect(await listSavedPrompts(context.db)).toEqual([])
  })
})

describe('picking a prompt with /', () => {
  const prompts: SavedPrompt[] = [
    { id: '1', kind: 'prompt', title: 'Explain code', content: '' },
    { id: '2', kind: 'prompt', title: 'Summarise', content: '' },
    { id: '3', kind: 'system', title: 'Code reviewer', content: '' },
  ]

  it('opens on a lone / or / and a word, and not for other messages', () => {
    expect(slashQuery('/')).toBe('')
    expect(slashQuery('/Code')).toBe('Code')
    expect(slashQuery('/usr/bin is a folder')).toBeNull()
    expect(slashQuery('see /code')).toBeNull()
    expect(slashQuery('/code\n')).toBeNull()
  })

  it('lists names starting with the word first, then names containing it, ignoring case', () => {
    expect(matchPrompts(prompts, 'code').map((prompt) => prompt.id)).toEqual(['3', '1'])
    expect(matchPrompts(prompts, '').map((prompt) => prompt.id)).toEqual(['1', '2', '3'])
    expect(matchPrompts(prompts, 'zzz')).toEqual([])
  })
})
