import type { MessageRow, ThreadRow } from '../../app/core/db/synced-rows'

// Row builders shared by the client, UI and integration tests.

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
