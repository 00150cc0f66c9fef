import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { readThreadWindow } from '../../../app/core/chat/thread-list-layout'
import { listMessages, searchThreadsByTitle, threadsById } from '../../../app/core/db/queries'
import { openWorkspaceDatabase } from '../../../app/core/db/workspace-database'
import { threadRow } from '../../support/rows'
import { closeTestDatabases, openTestDatabase } from './support/test-db'
import { thread } from './support/test-device'

async function setup() {
  const db = await openTestDatabase()
  let time = 1_000
  const now = () => (time += 1_000)
  const writer = createLocalWriter({ db, deviceId: 'dev', hlc: createHybridLogicalClock('dev', now), capture: true, now })
  return { db, writer }
}

const message = (id: string, threadId: string, index: number) => ({
  id,
  thread_id: threadId,
  role: 'user' as const,
  content: id,
  status: 'complete' as const,
  model: null,
  file_hashes: [],
  index,
  job_id: null,
  created_at: 1,
})

afterEach(closeTestDatabases)

describe('UI queries', () => {
  it('lists pinned threads first, then by last activity (not by edits), without tombstones, a page at a time', async () => {
    const { db, writer } = await setup()
    await writer.put('threads', thread('old-pinned', 'a', { created_at: 10 }))
    await writer.patch('threads', 'old-pinned', { pinned: 1 })
    await writer.put('threads', thread('older', 'b', { created_at: 20 }))
    await writer.put('threads', thread('newer', 'c', { created_at: 30 }))
    await writer.put('threads', thread('talked-to', 'e', { created_at: 5, last_message_at: 40 }))
    await writer.put('threads', thread('gone', 'd', { created_at: 50 }))
    await writer.softDelete('threads', 'gone')
    await writer.patch('threads', 'older', { title: 'renamed' }) // an edit is not activity
    const ids = async (start: number, limit: number) => (await readThreadWindow(db, start, limit)).rows.map((row) => row.id)
    expect(await ids(0, 10)).toEqual(['old-pinned', 'talked-to', 'newer', 'older'])
    expect(await ids(1, 2)).toEqual(['talked-to', 'newer'])
    expect((await threadsById(db, ['older', 'gone', 'old-pinned', 'missing'])).map((row) => row.id)).toEqual(['old-pinned', 'older'])
  })

  it('indexes the threads a device stored before the sidebar paged (schema v1 to v2), capturing nothing', async () => {
    const name = `test-upgrade-${process.pid}`
    const v1 = new Dexie(name)
    v1.version(1).stores({ threads: 'id, updated_at, [pinned+updated_at], project_id, last_message_at, title', pending_ops: '++seq, [table_name+pk]' })
    await v1.table('threads').bulkPut([
      threadRow('quiet', { created_at: 10 }),
      threadRow('busy', { created_at: 5, last_message_at: 30 }),
      threadRow('gone', { created_at: 50, deleted: true }),
    ])
    v1.close()
    const db = await openWorkspaceDatabase('ws-1', { name })
    try {
      expect((await readThreadWindow(db, 0, 10)).rows.map((row) => [row.id, row.activity_at])).toEqual([['busy', 30], ['quiet', 10]])
      expect(await db.pending_ops.count()).toBe(0)
    } finally {
      db.close()
      await db.delete()
    }
  })

  it("reads a thread's messages in index order, and only that thread's", async () => {
    const { db, writer } = await setup()
    await writer.put('messages', message('m2', 't1', 2))
    await writer.put('messages', message('m0', 't1', 0))
    await writer.put('messages', message('x', 't2', 1))
    await writer.put('messages', message('m1', 't1', 1))
    expect((await listMessages(db, 't1')).map((row) => row.id)).toEqual(['m0', 'm1', 'm2'])
  })

  it('finds threads by title prefix, ignoring case', async () => {
    const { db, writer } = await setup()
    await writer.put('threads', thread('t1', 'Recipes for dinner'))
    await writer.put('threads', thread('t2', 'recursion notes'))
    await writer.put('threads', thread('t3', 'Travel'))
    expect((await searchThreadsByTitle(db, 'REC')).map((row) => row.id).sort()).toEqual(['t1', 't2'])
    expect(await searchThreadsByTitle(db, '  ')).toEqual([])
  })
})
