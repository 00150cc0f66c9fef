import {
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  updateCursorResponseSchema,
  createJsonClient,
  type JsonClientOptions,
  type SyncProvider,
} from 'or3-provider-kit'
import { z } from 'zod'

/** The part of the browser's EventSource the provider uses, so tests can bring their own. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void
  close(): void
}
export type EventSourceFactory = (url: string) => EventSourceLike

export interface GatewaySyncProviderOptions extends JsonClientOptions {
  /** Defaults to the browser's EventSource (cookies included). */
  createEventSource?: EventSourceFactory
}

export const GATEWAY_SYNC_PROVIDER_ID = 'gateway'

const versionEventSchema = z.object({ serverVersion: z.number().int().nonnegative() })

/** Core's SyncProvider: the sync protocol over /api/sync/*, realtime over its SSE stream. */
export function createGatewaySyncProvider(options: GatewaySyncProviderOptions = {}): SyncProvider {
  const http = createJsonClient({ offlineMessage: 'Cannot reach the OR3 server; changes stay on this device until it is back', ...options })
  const createEventSource = options.createEventSource ?? browserEventSource

  return {
    id: GATEWAY_SYNC_PROVIDER_ID,
    mode: 'gateway',
    push: (body) => http.request('/api/sync/push', { body, schema: pushResponseSchema }),
    pull: (body) => http.request('/api/sync/pull', { body, schema: pullResponseSchema }),
    snapshot: (body) => http.request('/api/sync/snapshot', { body, schema: snapshotResponseSchema }),
    updateCursor: (body) => http.request('/api/sync/update-cursor', { body, schema: updateCursorResponseSchema }),

    subscribe(scope, handlers) {
      const source = createEventSource(http.url(`/api/sync/events?workspaceId=${encodeURIComponent(scope.workspaceId)}`))
      let open = true
      const close = () => {
        if (!open) return
        open = false
        source.close()
      }
      source.addEventListener('version', (event) => {
        if (!open) return
        const parsed = versionEventSchema.safeParse(parseData(event.data))
        // A malformed event carries no version to act on; the next one (or the poll) will.
        if (parsed.success) handlers.onVersion(parsed.data.serverVersion)
      })
      // The browser would reconnect on its own, but the engine owns reconnection (with backoff,
      // polling meanwhile), so a drop closes this source and reports it once.
      source.addEventListener('error', (event) => {
        if (!open) return
        close()
        handlers.onDown?.(event)
      })
      return close
    },
  }
}

function parseData(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

function browserEventSource(url: string): EventSourceLike {
  if (typeof EventSource === 'undefined') {
    throw new Error('EventSource is not available here: pass createEventSource to createGatewaySyncProvider')
  }
  return new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike
}
