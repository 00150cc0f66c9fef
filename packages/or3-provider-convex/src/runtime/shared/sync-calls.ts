import type {
  PendingOp,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  SnapshotRequest,
  SnapshotResponse,
  UpdateCursorRequest,
  UpdateCursorResponse,
} from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'

// OR3's sync protocol mapped onto the deployment's functions, once, for both callers: the
// server's gateway adapter (ConvexHttpClient) and the browser's direct client (ConvexClient).
// Payloads travel as the device's JSON text (`payloadJson`), so field names Convex refuses in a
// document (`$schema`, ...) survive.

/** The two calls a Convex client makes; each caller plugs in its own transport. */
export interface ConvexCaller {
  query<T>(path: string, args: Record<string, unknown>): Promise<T>
  mutation<T>(path: string, args: Record<string, unknown>, options?: { idempotent?: boolean }): Promise<T>
}

type OnTheWire<T> = Omit<T, 'payload'> & { payloadJson?: string }

const toWireOp = ({ payload, ...op }: PendingOp): OnTheWire<PendingOp> =>
  payload === undefined ? op : { ...op, payloadJson: JSON.stringify(payload) }

function fromWire<T extends { payloadJson?: string }>({ payloadJson, ...rest }: T) {
  return payloadJson === undefined ? rest : { ...rest, payload: JSON.parse(payloadJson) as Record<string, unknown> }
}

/** Drops absent optional fields: Convex validators refuse an explicit `undefined`. */
function defined<T extends Record<string, unknown>>(args: T): T {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)) as T
}

const { sync } = CONVEX_FUNCTIONS

export function createSyncCalls(convex: ConvexCaller) {
  return {
    // Idempotent by opId: a push retried after a lost answer returns the first results.
    push: ({ scope, ops }: PushRequest): Promise<PushResponse> =>
      convex.mutation(sync.push, { workspaceId: scope.workspaceId, ops: ops.map(toWireOp) }, { idempotent: true }),
    async pull({ scope, ...request }: PullRequest): Promise<PullResponse> {
      const answer = await convex.query<Omit<PullResponse, 'changes'> & { changes: OnTheWire<PullResponse['changes'][number]>[] }>(
        sync.pull,
        defined({ workspaceId: scope.workspaceId, ...request }),
      )
      return { ...answer, changes: answer.changes.map(fromWire) as PullResponse['changes'] }
    },
    async snapshot({ scope, ...request }: SnapshotRequest): Promise<SnapshotResponse> {
      const answer = await convex.query<Omit<SnapshotResponse, 'rows'> & { rows: OnTheWire<SnapshotResponse['rows'][number]>[] }>(
        sync.snapshot,
        defined({ workspaceId: scope.workspaceId, ...request }),
      )
      return { ...answer, rows: answer.rows.map(fromWire) as SnapshotResponse['rows'] }
    },
    // A cursor only moves forward, so repeating the call changes nothing more.
    updateCursor: ({ scope, deviceId, version }: UpdateCursorRequest): Promise<UpdateCursorResponse> =>
      convex.mutation(sync.updateCursor, { workspaceId: scope.workspaceId, deviceId, version }, { idempotent: true }),
  }
}
