import 'fake-indexeddb/auto'
import { createHybridLogicalClock } from '../../../../app/core/db/hlc'
import { createLocalWriter } from '../../../../app/core/db/local-writes'
import type { MessageRow, ThreadRow } from '../../../../app/core/db/synced-rows'
import { openWorkspaceDatabase, type WorkspaceDatabase } from '../../../../app/core/db/workspace-database'

let counter = 0
const opened: WorkspaceDatabase[] = []

/** A fresh fake-indexeddb workspace with a capturing writer on a stepping clock. */
export async function openChatDb(workspaceId: string | null = 'ws-ui') {
  const db = await openWorkspaceDatabase(workspaceId, { name: `ui-test-${process.pid}-${++counter}` })
  opened.push(db)
  let time = 1_000_000
  const now = () => (time += 1_000)
  let ids = 0
  const newId = () => `id-${++ids}`
  const writer = createLocalWriter({ db, deviceId: 'device-ui', hlc: createHybridLogicalClock('device-ui', now), capture: workspaceId !== null, now })
  return { db, writer, now, newId }
}

export async function closeChatDbs(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close()
    await db.delete()
  }
}

export const threadInput = (id: string, title: string, extra: Partial<ThreadRow> = {}) => ({
  id,
  title,
  system_prompt: null,
  pinned: 0 as const,
  project_id: null,
  last_message_at: null,
  created_at: 1,
  ...extra,
})

export const messageInput = (id: string, threadId: string, index: number, extra: Partial<MessageRow> = {}) => ({
  id,
  thread_id: threadId,
  role: 'user' as const,
  content: `text of ${id}`,
  status: 'complete' as const,
  model: null,
  file_hashes: [],
  index,
  job_id: null,
  created_at: 1,
  ...extra,
})

/** A whole row, for pure functions that take rows. */
export const threadRow = (id: string, extra: Partial<ThreadRow> = {}): ThreadRow => ({
  ...threadInput(id, `title ${id}`),
  clock: 1,
  hlc: 'x',
  updated_at: 1,
  deleted: false,
  deleted_at: null,
  ...extra,
})

export const messageRow = (id: string, threadId: string, index: number, extra: Partial<MessageRow> = {}): MessageRow => ({
  ...messageInput(id, threadId, index),
  clock: 1,
  hlc: 'x',
  updated_at: 1,
  deleted: false,
  deleted_at: null,
  ...extra,
})
