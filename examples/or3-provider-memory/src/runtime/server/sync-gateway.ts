import type { PendingOp, PushResult, SnapshotRow, SyncChange, SyncGatewayAdapter } from 'or3-provider-kit'
import { ProviderError } from 'or3-provider-kit'
import { compareStamps, defineSyncGateway, opFingerprint } from 'or3-provider-kit/server'

export const MEMORY_PROVIDER_ID = 'memory'

/**
 * One workspace. The change log is the truth: change v sits at index v - 1, so versions are
 * contiguous by construction; `latest` is the winning change of each row, for LWW.
 */
interface Workspace {
  log: SyncChange[]
  latest: Map<string, SyncChange>
  /** opId → its first answer, so a replay gets it again and a reused opId is a CONFLICT. */
  answered: Map<string, { fingerprint: string; result: PushResult }>
  cursors: Map<string, number>
  listeners: Set<(serverVersion: number) => void>
}

const rowKey = (row: { tableName: string; pk: string }) => `${row.tableName}\u0000${row.pk}`

/**
 * Sync in this process's memory: lost on restart, one process only, no GC (its optional methods
 * are left out). The kit's factory checks requests, enforces the limits and answers oversize ops;
 * what is here is only the storage logic. Nothing awaits, so each push is one atomic step.
 */
export function createMemorySyncGateway(): SyncGatewayAdapter {
  const workspaces = new Map<string, Workspace>()

  function workspace(id: string): Workspace {
    let found = workspaces.get(id)
    if (!found) {
      found = { log: [], latest: new Map(), answered: new Map(), cursors: new Map(), listeners: new Set() }
      workspaces.set(id, found)
    }
    return found
  }

  function apply(ws: Workspace, op: PendingOp): PushResult {
    const fingerprint = opFingerprint(op)
    const earlier = ws.answered.get(op.opId)
    if (earlier?.fingerprint === fingerprint) return earlier.result
    if (earlier) {
      const message = `opId ${op.opId} was already used for another change`
      return { opId: op.opId, applied: false, serverVersion: ws.log.length, error: { code: 'CONFLICT', message } }
    }
    const winner = ws.latest.get(rowKey(op))
    let result: PushResult = { opId: op.opId, applied: false, serverVersion: winner?.serverVersion ?? 0 }
    if (!winner || compareStamps(op.stamp, winner.stamp) > 0) {
      const payload = op.operation === 'put' ? op.payload : undefined
      const change = { serverVersion: ws.log.length + 1, tableName: op.tableName, pk: op.pk, op: op.operation, payload, stamp: op.stamp }
      ws.log.push(change)
      ws.latest.set(rowKey(op), change)
      result = { opId: op.opId, applied: true, serverVersion: change.serverVersion }
    }
    ws.answered.set(op.opId, { fingerprint, result })
    return result
  }

  return defineSyncGateway({
    id: MEMORY_PROVIDER_ID,

    push(_ctx, { scope, ops }) {
      const ws = workspace(scope.workspaceId)
      const before = ws.log.length
      const results = ops.map((op) => apply(ws, op))
      if (ws.log.length > before) ws.listeners.forEach((listener) => listener(ws.log.length))
      return { results, serverVersion: ws.log.length }
    },

    pull(_ctx, { scope, cursor, limit, tables }) {
      const ws = workspace(scope.workspaceId)
      const wanted = ws.log.slice(cursor).filter((change) => !tables || tables.includes(change.tableName))
      const changes = structuredClone(wanted.slice(0, limit))
      const hasMore = wanted.length > limit
      // Nothing more to send: the device has seen every version, also those `tables` skipped.
      return { changes, nextCursor: hasMore ? changes[changes.length - 1]!.serverVersion : Math.max(cursor, ws.log.length), hasMore }
    },

    snapshot(_ctx, { scope, atVersion, pageToken, limit, tables }) {
      const ws = workspace(scope.workspaceId)
      const version = atVersion ?? ws.log.length
      if (version > ws.log.length) throw new ProviderError('VALIDATION', `atVersion ${version} is ahead of the workspace`)
      // Every row as it stood at the pinned version: the last change of each row up to it.
      const rows = new Map<string, SyncChange>()
      for (const change of ws.log.slice(0, version)) rows.set(rowKey(change), change)
      const after = pageToken === undefined ? '' : Buffer.from(pageToken, 'base64url').toString()
      const keys = [...rows.keys()].filter((key) => key > after && (!tables || tables.includes(rows.get(key)!.tableName))).sort()
      const page = keys.slice(0, limit)
      const hasMore = keys.length > page.length
      return {
        rows: page.map((key): SnapshotRow => {
          const { tableName, pk, op, payload, stamp, serverVersion } = structuredClone(rows.get(key)!)
          return { tableName, pk, payload, deleted: op === 'delete', stamp, serverVersion }
        }),
        version,
        nextPageToken: hasMore ? Buffer.from(page[page.length - 1]!).toString('base64url') : null,
        hasMore,
      }
    },

    updateCursor(_ctx, { scope, deviceId, version }) {
      const ws = workspace(scope.workspaceId)
      if (version > ws.log.length) throw new ProviderError('VALIDATION', `cursor ${version} is ahead of the workspace`)
      const cursor = Math.max(version, ws.cursors.get(deviceId) ?? 0)
      ws.cursors.set(deviceId, cursor)
      return { cursor }
    },

    watch(workspaceId, listener) {
      const { listeners } = workspace(workspaceId)
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  })
}
