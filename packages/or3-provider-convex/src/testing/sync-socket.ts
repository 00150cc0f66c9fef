import type { ServerWebSocket, WebSocketHandler } from 'bun'
import type { JSONValue } from 'convex/values'
import type { Caller, CallOutcome, createFunctionCalls } from './function-calls'

// TEST DOUBLE of Convex's websocket sync protocol, enough for the real `ConvexClient`: Connect,
// Authenticate, ModifyQuerySet, Mutation and Action from the client; Transition,
// MutationResponse, ActionResponse, AuthError and Ping from the server. Every commit (a mutation
// or action over either transport, an upload) re-runs each session's subscribed queries and sends
// the values that changed, which is how a subscription hears what another server wrote.

/** The client reconnects after 60 s without a message; a ping every 15 s keeps it content. */
const PING_EVERY_MS = 15_000

interface Version {
  querySet: number
  identity: number
  /** The double's commit counter: a Transition reflects every mutation at or below its ts. */
  ts: number
}

interface Subscription {
  udfPath: string
  args: JSONValue
  /** The last answer sent, serialized, so only changes travel. */
  sent?: string
}

class SyncSession {
  socket: ServerWebSocket<SocketData> | null = null
  caller: Caller = { identity: null, admin: false }
  version: Version = { querySet: 0, identity: 0, ts: 0 }
  /**
   * The client sent Connect: its state starts at version 0 from here. Before that (a client
   * pauses its socket while it fetches a token) nothing is sent but pings, as Convex does: a
   * transition sent earlier would be lost to the client's reset on Connect.
   */
  connected = false
  readonly subscriptions = new Map<number, Subscription>()
  /** Messages and refreshes run one at a time, so transitions chain version to version. */
  queue: Promise<void> = Promise.resolve()
  constructor(readonly origin: string) {}
}

export interface SocketData {
  session: SyncSession
}

type ClientMessage =
  | { type: 'Connect' }
  | { type: 'Event' }
  | { type: 'ModifyQuerySet'; baseVersion: number; newVersion: number; modifications: ({ type: 'Add'; queryId: number; udfPath: string; args: JSONValue[] } | { type: 'Remove'; queryId: number })[] }
  | { type: 'Authenticate'; baseVersion: number; tokenType: 'User' | 'Admin' | 'None'; value?: string; impersonating?: Caller['identity'] }
  | { type: 'Mutation' | 'Action'; requestId: number; udfPath: string; args: JSONValue[] }

/** Convex encodes timestamps as a little-endian u64 in base64. */
function encodeTs(ts: number): string {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(ts), true)
  return Buffer.from(bytes).toString('base64')
}

export function createSyncSockets() {
  let calls: ReturnType<typeof createFunctionCalls> | null = null
  let committed = 1
  const sessions = new Set<SyncSession>()
  const pinger = setInterval(() => {
    for (const session of sessions) send(session, { type: 'Ping' })
  }, PING_EVERY_MS)
  pinger.unref?.()

  function send(session: SyncSession, message: Record<string, unknown>) {
    session.socket?.send(JSON.stringify(message))
  }

  function enqueue(session: SyncSession, task: () => Promise<void>) {
    session.queue = session.queue.then(task).catch((error: unknown) => {
      send(session, { type: 'FatalError', error: `The deployment double failed: ${(error as Error).message}` })
      session.socket?.close()
    })
  }

  function modificationOf(queryId: number, outcome: CallOutcome) {
    return outcome.ok
      ? { type: 'QueryUpdated', queryId, value: outcome.value, logLines: [], journal: null }
      : { type: 'QueryFailed', queryId, errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [], journal: null }
  }

  /**
   * Re-runs the session's queries and sends one Transition from its current version: the
   * answers that changed (or all of `fresh`), any `removed`, and the new query-set and identity
   * versions. Sent whenever something moved, so a mutation's response is always followed by a
   * Transition that reflects it.
   */
  async function transition(session: SyncSession, change: { querySet?: number; identity?: number; fresh?: Iterable<number>; removed?: number[] } = {}) {
    const fresh = new Set(change.fresh ?? [])
    const modifications: Record<string, unknown>[] = (change.removed ?? []).map((queryId) => ({ type: 'QueryRemoved', queryId }))
    for (const [queryId, subscription] of session.subscriptions) {
      const outcome = await calls!.execute('query', subscription.udfPath, subscription.args, session.caller, session.origin)
      const modification = modificationOf(queryId, outcome)
      const serialized = JSON.stringify(modification)
      if (fresh.has(queryId) || serialized !== subscription.sent) {
        subscription.sent = serialized
        modifications.push(modification)
      }
    }
    const start = session.version
    const end = { querySet: change.querySet ?? start.querySet, identity: change.identity ?? start.identity, ts: committed }
    if (modifications.length === 0 && end.querySet === start.querySet && end.identity === start.identity && end.ts === start.ts) return
    send(session, {
      type: 'Transition',
      startVersion: { ...start, ts: encodeTs(start.ts) },
      endVersion: { ...end, ts: encodeTs(end.ts) },
      modifications,
    })
    session.version = end
  }

  async function authenticate(session: SyncSession, message: Extract<ClientMessage, { type: 'Authenticate' }>) {
    try {
      if (message.tokenType === 'User') session.caller = await calls!.userCaller(message.value ?? '')
      else if (message.tokenType === 'Admin') session.caller = calls!.adminCaller(message.value ?? '', message.impersonating ?? null)
      else session.caller = { identity: null, admin: false }
    } catch (error) {
      send(session, { type: 'AuthError', error: (error as Error).message, baseVersion: message.baseVersion, authUpdateAttempted: true })
      return
    }
    // Another identity may see other answers: every query is sent again.
    await transition(session, { identity: message.baseVersion + 1, fresh: session.subscriptions.keys() })
  }

  async function modifyQuerySet(session: SyncSession, message: Extract<ClientMessage, { type: 'ModifyQuerySet' }>) {
    const added: number[] = []
    const removed: number[] = []
    for (const modification of message.modifications) {
      if (modification.type === 'Add') {
        session.subscriptions.set(modification.queryId, { udfPath: modification.udfPath, args: modification.args[0] ?? {} })
        added.push(modification.queryId)
      } else {
        session.subscriptions.delete(modification.queryId)
        removed.push(modification.queryId)
      }
    }
    await transition(session, { querySet: message.newVersion, fresh: added, removed })
  }

  async function request(session: SyncSession, message: Extract<ClientMessage, { type: 'Mutation' | 'Action' }>) {
    const kind = message.type === 'Mutation' ? 'mutation' : 'action'
    const outcome = await calls!.execute(kind, message.udfPath, message.args[0] ?? {}, session.caller, session.origin)
    const type = message.type === 'Mutation' ? 'MutationResponse' : 'ActionResponse'
    send(
      session,
      outcome.ok
        ? { type, requestId: message.requestId, success: true, result: outcome.value, logLines: [], ...(type === 'MutationResponse' ? { ts: encodeTs(committed) } : {}) }
        : { type, requestId: message.requestId, success: false, result: outcome.errorMessage, errorData: outcome.errorData, logLines: [] },
    )
  }

  const handlers: WebSocketHandler<SocketData> = {
    open(socket) {
      socket.data.session.socket = socket
      sessions.add(socket.data.session)
    },
    message(socket, raw) {
      const session = socket.data.session
      const message = JSON.parse(String(raw)) as ClientMessage
      enqueue(session, async () => {
        if (message.type === 'Connect') session.connected = true
        else if (message.type === 'Authenticate') await authenticate(session, message)
        else if (message.type === 'ModifyQuerySet') await modifyQuerySet(session, message)
        else if (message.type === 'Mutation' || message.type === 'Action') await request(session, message)
      })
    },
    close(socket) {
      sessions.delete(socket.data.session)
      socket.data.session.socket = null
    },
  }

  return {
    handlers,
    bind(functionCalls: ReturnType<typeof createFunctionCalls>) {
      calls = functionCalls
    },
    newSession: (origin: string): SocketData => ({ session: new SyncSession(origin) }),
    /** Something was written: every session re-runs its queries after what it is doing. */
    commit() {
      committed += 1
      for (const session of sessions) if (session.connected) enqueue(session, () => transition(session))
    },
    closeAll() {
      clearInterval(pinger)
      for (const session of sessions) session.socket?.close()
    },
  }
}
