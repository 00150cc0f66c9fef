import { or3JwtIssuer, type SigningKey } from 'or3-provider-kit/server'
import { resolveConvexServerKey } from './server-credential'

export type ConvexSyncMode = 'gateway' | 'direct'

/** What the Convex provider reads from env at boot. */
export interface ConvexSettings {
  /** The deployment URL, `OR3_CONVEX_URL` (https://<name>.convex.cloud, or a self-hosted one). */
  url: string
  /** `OR3_CONVEX_SYNC_MODE`: browsers sync through OR3 (gateway, default) or with Convex directly. */
  syncMode: ConvexSyncMode
  issuer: string
  serverKey: SigningKey
}

type Env = Record<string, string | undefined>

function readUrl(env: Env): string {
  const raw = env.OR3_CONVEX_URL?.trim()
  if (!raw) {
    throw new Error('OR3_CONVEX_URL is not set: give the Convex deployment URL (https://<name>.convex.cloud, or your self-hosted backend)')
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`OR3_CONVEX_URL must be a URL such as https://<name>.convex.cloud (got '${raw}')`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`OR3_CONVEX_URL must be an https:// URL (got '${raw}')`)
  return url.href.replace(/\/+$/, '')
}

function readSyncMode(env: Env): ConvexSyncMode {
  const raw = env.OR3_CONVEX_SYNC_MODE?.trim().toLowerCase() || 'gateway'
  if (raw !== 'gateway' && raw !== 'direct') throw new Error(`OR3_CONVEX_SYNC_MODE must be gateway or direct (got '${env.OR3_CONVEX_SYNC_MODE}')`)
  return raw
}

export function resolveConvexSettings(env: Env): ConvexSettings {
  return { url: readUrl(env), syncMode: readSyncMode(env), issuer: or3JwtIssuer(env), serverKey: resolveConvexServerKey(env) }
}
