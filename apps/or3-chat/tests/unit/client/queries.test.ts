import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { listMessages, listThreads, searchThreadsByTitle } from '../../../app/core/db/queries'
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
  it('lists pinned threads first, then the newest, without tombstones', async () => {
    const { db, writer } = await setup()
    await writer.put('threads', thread('old-pinned', 'a'))
    await writer.patch('threads', 'old-pinned', { pinned: 1 })
    await writer.put('threads', thread('older', 'b'))
    await writer.put('threads', thread('newer', 'c'))
    await writer.put('threads', thread('gone', 'd'))
    await writer.softDelete('threads', 'gone')
    await writer.patch('threads', 'older', { title: 'touched' }) // now the newest unpinned
    expect((await listThreads(db)).map((row) => row.id)).toEqual(['old-pinned', 'older', 'newer'])
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
