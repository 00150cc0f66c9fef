import { defineSyncGateway } from '../adapters/define-sync-gateway.ts'
import type { SyncGatewayAdapter } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import type { ChangeStamp, PushResult, SnapshotRow, SyncChange, SyncPayload, SyncedTable } from '../schemas/sync.ts'
import { compareStamps, opFingerprint } from '../sync/stamps.ts'

export interface MemorySyncGatewayOptions {
  now?: () => number
  /** How long change-log rows, tombstones and idle device cursors live. Default 30 days. */
  retentionMs?: number
}

interface Row {
  tableName: SyncedTable
  pk: string
  payload?: SyncPayload
  deleted: boolean
  stamp: ChangeStamp
  serverVersion: number
  /** When the server applied the winning op: the age GC measures. */
  changedAt: number
}

interface WorkspaceState {
  version: number
  rows: Map<string, Row>
  log: Array<SyncChange & { loggedAt: number }>
  /** opId -> the first answer, so a replay returns it unchanged. */
  ops: Map<string, { fingerprint: string; result: PushResult }>
  cursors: Map<string, { version: number; seenAt: number }>
  /** Highest version GC removed from the log: a pull from below it can't be complete. */
  horizon: number
  listeners: Set<(serverVersion: number) => void>
}

const rowKey = (tableName: string, pk: string) => `${tableName}\u0000${pk}`

/**
 * The reference SyncGatewayAdapter: every guarantee of the sync protocol in one process's memory,
 * on the kit's factory (which checks requests and limits). Each method runs without awaiting, so
 * a batch is one atomic step, as a write transaction is in a database. A device cursor is active while it was updated within the retention window.
 */
export function createMemorySyncGateway(options: MemorySyncGatewayOptions = {}): SyncGatewayAdapter {
  const now = options.now ?? Date.now
  const retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60 * 1000
  const workspaces = new Map<string, WorkspaceState>()

  function state(workspaceId: string): WorkspaceState {
    let ws = workspaces.get(workspaceId)
    if (!ws) {
      ws = { version: 0, rows: new Map(), log: [], ops: new Map(), cursors: new Map(), horizon: 0, listeners: new Set() }
      workspaces.set(workspaceId, ws)
    }
    return ws
  }

  return defineSyncGateway({
    id: 'memory',

    push(_ctx, { scope, ops }) {
      const ws = state(scope.workspaceId)
      const before = ws.version
      const results = ops.map((op): PushResult => {
        const fingerprint = opFingerprint(op)
        const seen = ws.ops.get(op.opId)
        if (seen) {
          if (seen.fingerprint === fingerprint) return seen.result
          const error = { code: 'CONFLICT' as const, message: `opId ${op.opId} was already used for other content` }
          return { opId: op.opId, applied: false, serverVersion: ws.version, error }
        }
        const key = rowKey(op.tableName, op.pk)
        const current = ws.rows.get(key)
        let result: PushResult
        if (current && compareStamps(op.stamp, current.stamp) <= 0) {
          result = { opId: op.opId, applied: false, serverVersion: current.serverVersion }
        } else {
          const serverVersion = ++ws.version
          const deleted = op.operation === 'delete'
          const payload = deleted ? undefined : op.payload
          ws.rows.set(key, { tableName: op.tableName, pk: op.pk, payload, deleted, stamp: op.stamp, serverVersion, changedAt: now() })
          ws.log.push({ serverVersion, tableName: op.tableName, pk: op.pk, op: op.operation, payload, stamp: op.stamp, loggedAt: now() })
          result = { opId: op.opId, applied: true, serverVersion }
        }
        ws.ops.set(op.opId, { fingerprint, result })
        return result
      })
      if (ws.version !== before) for (const listener of ws.listeners) listener(ws.version)
      return { results, serverVersion: ws.version }
    },

    pull(_ctx, { scope, cursor, limit, tables }) {
      const ws = state(scope.workspaceId)
      if (cursor < ws.horizon) return { changes: [], nextCursor: cursor, hasMore: false, requiresSnapshot: true }
      const wanted = ws.log.filter((c) => c.serverVersion > cursor && (!tables || tables.includes(c.tableName)))
      const page = wanted.slice(0, limit)
      const hasMore = wanted.length > page.length
      const changes = page.map(({ loggedAt: _, ...change }) => structuredClone(change))
      // With nothing more to send, the device may skip to the latest version (filtered tables).
      const nextCursor = hasMore ? page[page.length - 1]!.serverVersion : Math.max(cursor, ws.version)
      return { changes, nextCursor, hasMore }
    },

    snapshot(_ctx, { scope, atVersion, pageToken, limit, tables }) {
      const ws = state(scope.workspaceId)
      const version = atVersion ?? ws.version
      if (version > ws.version) throw new ProviderError('VALIDATION', `atVersion ${version} is ahead of the workspace`)
      const after = pageToken === undefined ? null : decodePageToken(pageToken)
      // Rows changed after the pin are left to the pull from `version`. Paging by key (not by
      // index) means a row leaving the set between pages can't shift another one out of view.
      const inView = ([key, row]: [string, Row]) =>
        row.serverVersion <= version && (!tables || tables.includes(row.tableName)) && (after === null || key > after)
      const rows = [...ws.rows.entries()].filter(inView).sort(([a], [b]) => (a < b ? -1 : 1))
      const page = rows.slice(0, limit)
      const hasMore = rows.length > page.length
      return {
        rows: page.map(([, { changedAt: _, ...row }]): SnapshotRow => structuredClone(row)),
        version,
        nextPageToken: hasMore ? Buffer.from(page[page.length - 1]![0]).toString('base64url') : null,
        hasMore,
        ...(after === null ? { totalRows: rows.length } : {}),
      }
    },

    updateCursor(_ctx, { scope, deviceId, version }) {
      const ws = state(scope.workspaceId)
      if (version > ws.version) {
        throw new ProviderError('VALIDATION', `cursor ${version} is ahead of the workspace's latest version ${ws.version}`)
      }
      const stored = Math.max(version, ws.cursors.get(deviceId)?.version ?? 0)
      ws.cursors.set(deviceId, { version: stored, seenAt: now() })
      return { cursor: stored }
    },

    gcChangeLog(_ctx, { scope }) {
      const ws = state(scope.workspaceId)
      const at = now()
      const active = [...ws.cursors.values()].filter((c) => at - c.seenAt <= retentionMs).map((c) => c.version)
      // Without an active device nothing holds the log back but its age.
      const below = active.length ? Math.min(...active) : ws.version + 1
      const before = ws.log.length
      ws.log = ws.log.filter((c) => {
        const expired = c.serverVersion < below && at - c.loggedAt > retentionMs
        if (expired) ws.horizon = Math.max(ws.horizon, c.serverVersion)
        return !expired
      })
      return { removed: before - ws.log.length }
    },

    gcTombstones(_ctx, { scope }) {
      const ws = state(scope.workspaceId)
      const at = now()
      let removed = 0
      for (const [key, row] of ws.rows) {
        if (row.deleted && at - row.changedAt > retentionMs) {
          ws.rows.delete(key)
          removed++
        }
      }
      return { removed }
    },

    watch(workspaceId, listener) {
      const listeners = state(workspaceId).listeners
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  })
}

function decodePageToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString()
  if (!key.includes('\u0000')) throw new ProviderError('VALIDATION', 'pageToken is not one this server issued')
  return key
}
