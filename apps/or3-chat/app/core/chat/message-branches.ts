import type { MessageRow } from '../db/synced-rows'

/**
 * A thread's messages as a tree (docs/branches.md). Every version of a message is its own row:
 * an edit or a regeneration adds a sibling (same parent) instead of rewriting the row, so
 * last-writer-wins on one row can never drop another version. The thread shows one path from
 * the root to a leaf; at each fork it follows the child shown most recently.
 *
 * A row's parent is `parent_id` (null: the thread's first message). Rows without the field were
 * written before branches existed, or by a device that does not know them: such a row follows
 * the row before it in [index] order, which is the thread as that device showed it.
 */

/** Where a message sits among its versions: `position` is 1-based, `siblings` are in the order written. */
export interface BranchPlace {
  position: number
  count: number
  siblings: readonly string[]
}

export interface ShownMessage {
  message: MessageRow
  place: BranchPlace
}

export interface MessageTree {
  byId: ReadonlyMap<string, MessageRow>
  /** The resolved parent of every message (null: a first message). */
  parentOf: ReadonlyMap<string, string | null>
  /** The children of each message, and of the root under ROOT, in the order written. */
  childrenOf: ReadonlyMap<string, readonly MessageRow[]>
}

/** The key of the thread's first messages in `childrenOf`. */
export const ROOT = ''

const inWriteOrder = (a: MessageRow, b: MessageRow) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** When a version was last chosen: `shown_at` when it was switched to, else when it was written. */
export function shownRank(message: Pick<MessageRow, 'shown_at' | 'created_at'>): number {
  return message.shown_at ?? message.created_at
}

/** Builds the tree of a thread's live messages (tombstones are left out by the caller or here). */
export function buildMessageTree(rows: readonly MessageRow[]): MessageTree {
  const live = rows.filter((row) => !row.deleted).sort(inWriteOrder)
  const byId = new Map(live.map((row) => [row.id, row]))
  const parentOf = new Map<string, string | null>()
  const childrenOf = new Map<string, MessageRow[]>()
  live.forEach((row, position) => {
    const parent = resolveParent(row, byId, live[position - 1] ?? null)
    parentOf.set(row.id, parent)
    const key = parent ?? ROOT
    const children = childrenOf.get(key)
    if (children) children.push(row)
    else childrenOf.set(key, [row])
  })
  return { byId, parentOf, childrenOf }
}

function resolveParent(row: MessageRow, byId: ReadonlyMap<string, MessageRow>, previous: MessageRow | null): string | null {
  if (row.parent_id === null) return null
  if (typeof row.parent_id === 'string') {
    const parent = byId.get(row.parent_id)
    // A parent is always written before its children; anything else (a cycle a bad payload could
    // make) is treated like a missing parent.
    if (parent && parent.index < row.index) return parent.id
  }
  // No parent recorded, or it was deleted (e.g. by a device that does not know branches): the
  // message follows the one before it, so no live message is ever out of reach.
  return previous?.id ?? null
}

function placeOf(tree: MessageTree, message: MessageRow): BranchPlace {
  const siblings = tree.childrenOf.get(tree.parentOf.get(message.id) ?? ROOT) ?? [message]
  return { position: siblings.indexOf(message) + 1, count: siblings.length, siblings: siblings.map((row) => row.id) }
}

/** The version shown among siblings: the one chosen most recently (the newest written on a tie). */
function chosen(children: readonly MessageRow[]): MessageRow {
  return children.reduce((best, child) => (shownRank(child) >= shownRank(best) ? child : best))
}

/** The path the thread shows, from its first message to its newest on the chosen versions. */
export function shownPath(tree: MessageTree): ShownMessage[] {
  const path: ShownMessage[] = []
  let children = tree.childrenOf.get(ROOT)
  while (children?.length) {
    const message = chosen(children)
    path.push({ message, place: placeOf(tree, message) })
    children = tree.childrenOf.get(message.id)
  }
  return path
}

/** The messages from the thread's first to `messageId`, inclusive; null when it is not live. */
export function pathTo(tree: MessageTree, messageId: string): MessageRow[] | null {
  const path: MessageRow[] = []
  let id: string | null = messageId
  while (id !== null) {
    const message = tree.byId.get(id)
    if (!message) return null
    path.push(message)
    id = tree.parentOf.get(id) ?? null
  }
  return path.reverse()
}

/** The last message of the shown path (where a new turn continues), or null for an empty thread. */
export function shownLeaf(tree: MessageTree): MessageRow | null {
  return shownPath(tree).at(-1)?.message ?? null
}

/** The index for the next row: after every row of the thread, so a parent always precedes its children. */
export function nextMessageIndex(rows: readonly Pick<MessageRow, 'index'>[]): number {
  return rows.reduce((max, row) => Math.max(max, row.index), -1) + 1
}

/** A `shown_at` that puts `messageId` ahead of all its siblings, whatever their devices' clocks said. */
export function rankAboveSiblings(tree: MessageTree, messageId: string | null, parentId: string | null, now: number): number {
  const siblings = tree.childrenOf.get(parentId ?? ROOT) ?? []
  const highest = siblings.reduce((max, row) => (row.id === messageId ? max : Math.max(max, shownRank(row))), -Infinity)
  return Math.max(now, highest + 1)
}
