import type { LocalWriter } from '../db/local-writes'
import type { NotificationRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'

const NOTIFICATION_LIMIT = 50

/**
 * The unread notifications meant for `userId`, newest first. Notifications are synced rows of
 * the workspace (the server writes them, e.g. when a background answer finishes), so a shared
 * workspace holds other members' too: those are left out.
 */
export async function listUnreadNotifications(db: WorkspaceDatabase, userId: string | null): Promise<NotificationRow[]> {
  const rows = await db.notifications.orderBy('created_at').reverse().toArray()
  return rows
    .filter((row) => !row.deleted && row.read_at === null && (!row.user_id || row.user_id === userId))
    .slice(0, NOTIFICATION_LIMIT)
}

/** Marks one read; the change syncs, so the user's other devices stop showing it too. */
export async function markNotificationRead(writer: LocalWriter, id: string, now = Date.now()): Promise<void> {
  await writer.patch('notifications', id, { read_at: now })
}

/** Marks every listed notification read. */
export async function markAllNotificationsRead(writer: LocalWriter, rows: NotificationRow[], now = Date.now()): Promise<void> {
  for (const row of rows) await markNotificationRead(writer, row.id, now)
}
