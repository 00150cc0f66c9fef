import { watch } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { listUnreadNotifications, markAllNotificationsRead, markNotificationRead } from '~/core/chat/notifications'
import type { NotificationRow } from '~/core/db/synced-rows'
import { useOr3Session } from './useOr3Session'
import { useWorkspaceDb } from './useWorkspaceDb'

/**
 * Unread notifications of the signed-in user in the open workspace, live. One that arrives while
 * the app is open (say, a background answer finished on the server) is also raised as a toast.
 */
export function useNotifications() {
  const { db, writer } = useWorkspaceDb()
  const { data: session } = useOr3Session()
  const toast = useToast()
  const route = useRoute()
  const unread = useLiveQueryRef(() => {
    const [open, userId] = [db.value, session.value?.user?.id ?? null]
    return open ? { db: open, read: () => listUnreadNotifications(open, userId) } : null
  }, [] as NotificationRow[])

  // Only what is new since the list was first read becomes a toast, not the backlog.
  let seen: Set<string> | null = null
  watch(db, () => (seen = null))
  watch(unread, (rows) => {
    const known = seen
    seen = new Set(rows.map((row) => row.id))
    if (!known) return
    for (const row of rows.filter((r) => !known.has(r.id))) {
      // The user is looking at that thread: they saw the answer finish, nothing to announce.
      if (row.thread_id && route.params.id === row.thread_id) {
        if (writer.value) void markNotificationRead(writer.value, row.id)
        continue
      }
      toast.add({
        title: row.title,
        description: row.body ?? undefined,
        icon: 'i-lucide-bell',
        actions: row.thread_id ? [{ label: 'Open', onClick: () => void open(row) }] : undefined,
      })
    }
  })

  async function open(row: NotificationRow) {
    if (writer.value) await markNotificationRead(writer.value, row.id)
    if (row.thread_id) await navigateTo(`/chat/${row.thread_id}`)
  }

  return {
    unread,
    open,
    markAllRead: () => (writer.value ? markAllNotificationsRead(writer.value, unread.value) : Promise.resolve()),
  }
}
