import { afterEach, describe, expect, it } from 'vitest'
import { listUnreadNotifications, markNotificationRead } from '../../../app/core/chat/notifications'
import { closeChatDbs, openChatDb } from './support/chat-db'

const notification = (id: string, userId: string | null, createdAt: number) => ({
  id,
  user_id: userId,
  type: 'job.completed',
  title: `answer ${id} is ready`,
  body: null,
  thread_id: `thread-${id}`,
  read_at: null,
  created_at: createdAt,
})

afterEach(closeChatDbs)

describe('notifications', () => {
  it("lists the user's unread ones, newest first, leaving out other members' and read or deleted ones", async () => {
    const { db, writer } = await openChatDb()
    await writer.put('notifications', notification('old', 'me', 1))
    await writer.put('notifications', notification('new', 'me', 2))
    await writer.put('notifications', notification('theirs', 'someone-else', 3))
    await writer.put('notifications', notification('unaddressed', null, 4))
    await writer.put('notifications', notification('gone', 'me', 5))
    await writer.softDelete('notifications', 'gone')

    expect((await listUnreadNotifications(db, 'me')).map((n) => n.id)).toEqual(['unaddressed', 'new', 'old'])

    await markNotificationRead(writer, 'new', 10)
    expect((await listUnreadNotifications(db, 'me')).map((n) => n.id)).toEqual(['unaddressed', 'old'])
    // Marking read is a synced write, so the user's other devices follow.
    const ops = await db.pending_ops.where('[table_name+pk]').equals(['notifications', 'new']).sortBy('seq')
    expect(ops.at(-1)?.op.payload).toMatchObject({ read_at: 10 })
  })
})
