import type { MessageRow } from '../db/synced-rows'

/** The signed-in account a device writes user messages as (null in local-only mode). */
export interface MessageAuthor {
  userId: string
  name: string
}

/** The author columns of a message this device writes. */
export function authorFields(author: MessageAuthor | null | undefined): Pick<MessageRow, 'author_user_id' | 'author_name'> {
  return { author_user_id: author?.userId ?? null, author_name: author?.name ?? null }
}

/**
 * The name to show on a message: only on another member's (the reader knows their own), and
 * never on rows written before messages carried an author.
 */
export function authorLabel(message: Pick<MessageRow, 'author_user_id' | 'author_name'>, readerId: string | null): string | null {
  if (!message.author_user_id || message.author_user_id === readerId) return null
  return message.author_name || 'Another member'
}
