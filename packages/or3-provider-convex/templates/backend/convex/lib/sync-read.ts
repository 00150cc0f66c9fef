import { v, type Infer } from 'convex/values'
import type { Doc } from '../_generated/dataModel'
import type { QueryCtx } from '../_generated/server'
import { approximateSize, createPageBudget } from './budget'
import { SYNCED_TABLES, validation } from './protocol'
import { findCounter, stampValidator } from './sync-push'

export const syncChangeValidator = v.object({
  serverVersion: v.number(),
  tableName: v.string(),
  pk: v.string(),
  op: v.union(v.literal('put'), v.literal('delete')),
  payloadJson: v.optional(v.string()),
  stamp: stampValidator,
})

export const snapshotRowValidator = v.object({
  tableName: v.string(),
  pk: v.string(),
  payloadJson: v.optional(v.string()),
  deleted: v.boolean(),
  stamp: stampValidator,
  serverVersion: v.number(),
})

const stampOf = (doc: Doc<'syncRows'> | Doc<'syncChanges'>) => ({
  deviceId: doc.deviceId,
  opId: doc.opId,
  hlc: doc.hlc,
  clock: doc.clock,
})

const payloadOf = (payloadJson: string | null) => (payloadJson === null ? {} : { payloadJson })

/**
 * Changes after `cursor`, ascending. One query reads at one snapshot, so the counter and the
 * log agree. A page ends at `limit` changes or at the read budget, whichever comes first.
 */
export async function pullChanges(
  ctx: QueryCtx,
  workspaceId: string,
  cursor: number,
  limit: number,
  tables: Set<string> | null,
) {
  const counter = await findCounter(ctx, workspaceId)
  const latest = counter?.version ?? 0
  if (cursor < (counter?.gcHorizon ?? 0)) {
    return { changes: [], nextCursor: cursor, hasMore: false, requiresSnapshot: true }
  }
  const budget = createPageBudget()
  const changes: Infer<typeof syncChangeValidator>[] = []
  let lastRead = cursor
  let hasMore = false
  const log = ctx.db
    .query('syncChanges')
    .withIndex('by_version', (q) => q.eq('workspaceId', workspaceId).gt('version', cursor).lte('version', latest))
  for await (const change of log) {
    if (changes.length === limit) {
      hasMore = true
      break
    }
    lastRead = change.version
    if (tables === null || tables.has(change.tableName)) {
      changes.push({
        serverVersion: change.version,
        tableName: change.tableName,
        pk: change.pk,
        op: change.op,
        ...payloadOf(change.payloadJson),
        stamp: stampOf(change),
      })
    }
    if (!budget.spend(approximateSize(change.payloadJson, change.pk)) && lastRead < latest) {
      hasMore = true
      break
    }
  }
  // Without more, the device has seen everything up to the latest version, including versions a
  // `tables` filter skipped.
  const nextCursor = hasMore ? lastRead : Math.max(cursor, latest)
  return { changes, nextCursor, hasMore }
}

const PAGE_TOKEN_PREFIX = 's1.'

/** Opaque to clients: the last (table, pk) a snapshot page returned. */
function encodePageToken(row: { tableName: string; pk: string }): string {
  return `${PAGE_TOKEN_PREFIX}${SYNCED_TABLES.indexOf(row.tableName as (typeof SYNCED_TABLES)[number])}.${row.pk}`
}

function decodePageToken(token: string): { tableName: string; pk: string } {
  const match = token.startsWith(PAGE_TOKEN_PREFIX) ? /^(\d)\.(.+)$/s.exec(token.slice(PAGE_TOKEN_PREFIX.length)) : null
  const tableName = match ? SYNCED_TABLES[Number(match[1])] : undefined
  if (!match || tableName === undefined) {
    validation('pageToken is not one this deployment issued; restart the snapshot without it')
  }
  return { tableName, pk: match[2]! }
}

/**
 * Current rows at a pinned version, paged by (table, pk). A row changed after the pin is left
 * out: its change is above the pin, so the pull that follows the snapshot brings it.
 */
export async function snapshotPage(
  ctx: QueryCtx,
  workspaceId: string,
  request: { atVersion?: number; pageToken?: string; limit: number; tables: Set<string> | null },
) {
  if (request.pageToken !== undefined && request.atVersion === undefined) {
    validation('a pageToken needs the atVersion of the first page')
  }
  const latest = (await findCounter(ctx, workspaceId))?.version ?? 0
  const pinned = request.atVersion ?? latest
  if (pinned > latest) validation(`atVersion ${pinned} is ahead of the workspace's latest version ${latest}`)
  const after = request.pageToken === undefined ? null : decodePageToken(request.pageToken)

  // (table, pk) > after: the rest of `after`'s table, then every later table.
  const ranges =
    after === null
      ? [ctx.db.query('syncRows').withIndex('by_row', (q) => q.eq('workspaceId', workspaceId))]
      : [
          ctx.db
            .query('syncRows')
            .withIndex('by_row', (q) => q.eq('workspaceId', workspaceId).eq('tableName', after.tableName).gt('pk', after.pk)),
          ctx.db.query('syncRows').withIndex('by_row', (q) => q.eq('workspaceId', workspaceId).gt('tableName', after.tableName)),
        ]

  const budget = createPageBudget()
  const rows: Infer<typeof snapshotRowValidator>[] = []
  let last: { tableName: string; pk: string } | null = null
  let hasMore = false
  scan: for (const range of ranges) {
    for await (const row of range) {
      if (rows.length === request.limit) {
        hasMore = true
        break scan
      }
      last = row
      if (row.version <= pinned && (request.tables === null || request.tables.has(row.tableName))) {
        rows.push({
          tableName: row.tableName,
          pk: row.pk,
          ...payloadOf(row.payloadJson),
          deleted: row.deleted,
          stamp: stampOf(row),
          serverVersion: row.version,
        })
      }
      if (!budget.spend(approximateSize(row.payloadJson, row.pk))) {
        hasMore = true
        break scan
      }
    }
  }
  // A page cut by the budget may end on a row that was skipped; the token still moves past it.
  return { rows, version: pinned, nextPageToken: hasMore && last !== null ? encodePageToken(last) : null, hasMore }
}
