import {
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  updateCursorResponseSchema,
  type SyncProvider,
} from 'or3-provider-kit'
import { z } from 'zod'
import { createGatewayHttp, type GatewayHttpOptions } from './gateway-http'

/** The part of the browser's EventSource the provider uses, so tests can bring their own. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void
  close(): void
}
export type EventSourceFactory = (url: string) => EventSourceLike

export interface GatewaySyncProviderOptions extends GatewayHttpOptions {
  /** Defaults to the browser's EventSource (cookies included). */
  createEventSource?: EventSourceFactory
}

export const GATEWAY_SYNC_PROVIDER_ID = 'gateway'

const versionEventSchema = z.object({ serverVersion: z.number().int().nonnegative() })

/** Core's SyncProvider: the sync protocol over /api/sync/*, realtime over its SSE stream. */
export function createGatewaySyncProvider(options: GatewaySyncProviderOptions = {}): SyncProvider {
  const http = createGatewayHttp(options)
  const createEventSource = options.createEventSource ?? browserEventSource

  return {
    id: GATEWAY_SYNC_PROVIDER_ID,
    mode: 'gateway',
    push: (request) => http.postJson('/api/sync/push', request, pushResponseSchema),
    pull: (request) => http.postJson('/api/sync/pull', request, pullResponseSchema),
    snapshot: (request) => http.postJson('/api/sync/snapshot', request, snapshotResponseSchema),
    updateCursor: (request) => http.postJson('/api/sync/update-cursor', request, updateCursorResponseSchema),

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
