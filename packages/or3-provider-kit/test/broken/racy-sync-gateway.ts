// A gateway that reads the latest version, awaits I/O, then writes: the classic allocation race
// of a database adapter that assigns versions outside its write transaction. Only push and pull
// exist; the version cases need nothing else.
import type { SyncChange } from '../../src/schemas/sync.ts'
import type { SyncGatewayFactory } from '../../src/testing/index.ts'

export const racyVersions: SyncGatewayFactory = {
  create() {
    const logs = new Map<string, SyncChange[]>()
    const logOf = (workspaceId: string) => logs.get(workspaceId) ?? (logs.set(workspaceId, []), logs.get(workspaceId)!)
    const unsupported = async (): Promise<never> => {
      throw new Error('not part of this broken gateway')
    }
    return {
      id: 'racy',
      async push(_ctx, { scope, ops }) {
        const log = logOf(scope.workspaceId)
        const latest = log.reduce((max, c) => Math.max(max, c.serverVersion), 0)
        await new Promise((resolve) => setTimeout(resolve, 1)) // the round trip between read and write
        const results = ops.map((op, i) => {
          const serverVersion = latest + i + 1
          log.push({ serverVersion, tableName: op.tableName, pk: op.pk, op: op.operation, payload: op.payload, stamp: op.stamp })
          return { opId: op.opId, applied: true, serverVersion }
        })
        return { results, serverVersion: latest + ops.length }
      },
      async pull(_ctx, { scope, cursor, limit = 500 }) {
        const wanted = logOf(scope.workspaceId)
          .filter((c) => c.serverVersion > cursor)
          .sort((a, b) => a.serverVersion - b.serverVersion)
        const changes = wanted.slice(0, limit)
        return { changes, nextCursor: changes.at(-1)?.serverVersion ?? cursor, hasMore: wanted.length > changes.length }
      },
      snapshot: unsupported,
      updateCursor: unsupported,
    }
  },
}
