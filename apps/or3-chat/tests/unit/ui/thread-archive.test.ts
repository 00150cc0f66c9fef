import type { ChangeStamp } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { countThreadGroups, readThreadWindow } from '../../../app/core/chat/thread-list-layout'
import { findThreadMatches } from '../../../app/core/chat/thread-search'
import { renameThread, setThreadArchived } from '../../../app/core/chat/thread-writes'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { listArchivedThreads } from '../../../app/core/db/queries'
import { applyRemoteChanges, inRemoteTransaction } from '../../../app/core/sync/apply-remote'
import { closeChatDbs, openChatDb, threadInput } from './support/chat-db'

afterEach(closeChatDbs)

// Local time: 15 March 2026, 10:00; the threads below are from that morning.
const NOW = new Date(2026, 2, 15, 10, 0).getTime()
const morning = (hour: number) => new Date(2026, 2, 15, hour, 0).getTime()

async function sidebar(db: Awaited<ReturnType<typeof openChatDb>>['db']) {
  const counts = await countThreadGroups(db, NOW)
  const { rows } = await readThreadWindow(db, 0, 50)
  return { counts: counts.filter((group) => group.count > 0), ids: rows.map((row) => row.id) }
}

describe('archiving threads', () => {
  it('moves a thread out of the sidebar into the Archived list and back, syncing the field', async () => {
    const context = await openChatDb()
    const { db, writer } = context
    await writer.put('threads', threadInput('a', 'Keep', { created_at: morning(8) }))
    await writer.put('threads', threadInput('b', 'Archive me', { created_at: morning(9), pinned: 1 }))
    await writer.put('threads', threadInput('c', 'Archive me too', { created_at: morning(7) }))

    await setThreadArchived(context, 'b', true, NOW)
    await setThreadArchived(context, 'c', true, NOW + 1)
    expect(await sidebar(db)).toEqual({ counts: [{ id: 'today', count: 1 }], ids: ['a'] })
    expect((await listArchivedThreads(db)).map((thread) => thread.id)).toEqual(['c', 'b'])
    const ops = await db.pending_ops.toArray()
    expect(ops.at(-1)?.op.payload).toMatchObject({ id: 'c', archived_at: NOW + 1 })
    expect(ops.at(-1)?.op.payload).not.toHaveProperty('activity_at')
    // Archived chats stay searchable.
    expect([...(await findThreadMatches(db, 'archive me')).keys()].sort()).toEqual(['b', 'c'])

    await setThreadArchived(context, 'b', false)
    expect(await sidebar(db)).toEqual({ counts: [{ id: 'pinned', count: 1 }, { id: 'today', count: 1 }], ids: ['b', 'a'] })
    expect((await listArchivedThreads(db)).map((thread) => thread.id)).toEqual(['c'])
  })

  it('leaves a deleted archived thread out of the Archived list', async () => {
    const context = await openChatDb()
    await context.writer.put('threads', threadInput('t', 'Old', { created_at: morning(8) }))
    await setThreadArchived(context, 't', true, NOW)
    await context.writer.softDelete('threads', 't')
    expect(await listArchivedThreads(context.db)).toEqual([])
  })

  it('applies an archive from another device, and a device that does not know the field keeps it on its edits', async () => {
    const context = await openChatDb()
    const { db } = context
    const hlc = createHybridLogicalClock('device-ui', () => NOW)
    const stamp: ChangeStamp = { deviceId: 'laptop', opId: 'op-laptop-1', clock: 5, hlc: `${String(NOW).padStart(13, '0')}:0000:laptop` }
    const payload = { ...threadInput('t', 'From the laptop', { created_at: morning(8) }), archived_at: NOW, updated_at: NOW, deleted: false, deleted_at: null }
    await inRemoteTransaction(db, () => applyRemoteChanges(db, [{ tableName: 'threads', pk: 't', deleted: false, payload, stamp }], hlc, { fromSnapshot: false }))
    expect(await sidebar(db)).toEqual({ counts: [], ids: [] })
    expect((await listArchivedThreads(db)).map((thread) => thread.id)).toEqual(['t'])

    // An edit that names only its own field (as an older app's rename does) sends the whole row on.
    await renameThread(context, 't', 'Renamed here')
    expect((await db.pending_ops.toArray()).at(-1)?.op.payload).toMatchObject({ title: 'Renamed here', archived_at: NOW })
    expect(await sidebar(db)).toEqual({ counts: [], ids: [] })
  })
})
