import { join, resolve } from 'node:path'
import type { Or3CloudConfig } from 'or3-provider-kit'
import { resolveDataDir, resolveSecret } from 'or3-provider-kit/server'
import { DEFAULT_UPLOAD_GRACE_MS, DEFAULT_URL_TTL_MS, type FsStorageGatewayOptions } from './storage-gateway'

type Env = Record<string, string | undefined>

/**
 * Gateway options from runtime settings (env) and the deployment's storage limits (config), so a
 * built server is reconfigured by its environment alone.
 *
 * - `OR3_FS_ROOT`: blob directory, default `<OR3_DATA_DIR or .data>/blobs`
 * - `OR3_FS_SIGNING_SECRET`: link signing key (≥ 32 chars), default generated once into secrets.json
 * - `OR3_FS_UPLOAD_GRACE_MS`: how long uncommitted uploads survive GC, default 24 h
 * - `OR3_FS_URL_TTL_MS`: lifetime of a signed link, default 5 min
 */
export function fsStorageOptionsFromEnv(env: Env, storage: Or3CloudConfig['storage']): FsStorageGatewayOptions {
  return {
    root: env.OR3_FS_ROOT ? resolve(env.OR3_FS_ROOT) : join(resolveDataDir(env), 'blobs'),
    secret: resolveSecret({ env, envVar: 'OR3_FS_SIGNING_SECRET', name: 'fs-signing-secret' }),
    limits: { maxFileBytes: storage.maxFileBytes, allowedMimeTypes: storage.allowedMimeTypes },
    uploadGraceMs: readDuration(env, 'OR3_FS_UPLOAD_GRACE_MS', DEFAULT_UPLOAD_GRACE_MS),
    urlTtlMs: readDuration(env, 'OR3_FS_URL_TTL_MS', DEFAULT_URL_TTL_MS),
  }
}

function readDuration(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  if (!/^\d{1,15}$/.test(raw) || Number(raw) <= 0) {
    throw new Error(`${name} must be a positive whole number of milliseconds, got '${raw}'`)
  }
  return Number(raw)
}
