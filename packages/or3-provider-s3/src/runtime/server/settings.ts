import type { Or3CloudConfig } from 'or3-provider-kit'
import type { S3Location } from './s3-client'
import { DEFAULT_UPLOAD_GRACE_MS, DEFAULT_URL_TTL_MS, type S3StorageGatewayOptions } from './storage-gateway'

type Env = Record<string, string | undefined>

/**
 * Gateway options from runtime settings (env) and the deployment's storage limits (config), so a
 * built server is reconfigured by its environment alone.
 *
 * - `OR3_S3_BUCKET` (required): the bucket
 * - `OR3_S3_REGION`: default `AWS_REGION`, else `us-east-1` (R2 takes `auto`)
 * - `OR3_S3_ENDPOINT`: the store's URL for anything but AWS (R2, MinIO, Garage)
 * - `OR3_S3_FORCE_PATH_STYLE`: `true` for `<endpoint>/<bucket>/<key>` (MinIO, Garage); default virtual-hosted
 * - `OR3_S3_ACCESS_KEY_ID` / `OR3_S3_SECRET_ACCESS_KEY`: else the AWS SDK's usual credential chain
 * - `OR3_S3_PREFIX`: key prefix inside the bucket, default none
 * - `OR3_S3_UPLOAD_GRACE_MS`: how long uncommitted uploads survive GC, default 24 h
 * - `OR3_S3_URL_TTL_MS`: lifetime of a presigned URL, default 5 min
 */
export function s3StorageOptionsFromEnv(env: Env, storage: Or3CloudConfig['storage']): S3StorageGatewayOptions {
  return {
    location: s3LocationFromEnv(env),
    limits: { maxFileBytes: storage.maxFileBytes, allowedMimeTypes: storage.allowedMimeTypes },
    uploadGraceMs: readDuration(env, 'OR3_S3_UPLOAD_GRACE_MS', DEFAULT_UPLOAD_GRACE_MS),
    urlTtlMs: readDuration(env, 'OR3_S3_URL_TTL_MS', DEFAULT_URL_TTL_MS),
  }
}

export function s3LocationFromEnv(env: Env): S3Location {
  const bucket = env.OR3_S3_BUCKET?.trim()
  if (!bucket) throw new Error('or3-provider-s3 needs a bucket: set OR3_S3_BUCKET')
  const accessKeyId = env.OR3_S3_ACCESS_KEY_ID?.trim()
  const secretAccessKey = env.OR3_S3_SECRET_ACCESS_KEY?.trim()
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('Set both OR3_S3_ACCESS_KEY_ID and OR3_S3_SECRET_ACCESS_KEY, or neither to use the usual AWS credentials')
  }
  return {
    bucket,
    region: env.OR3_S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1',
    ...(env.OR3_S3_ENDPOINT?.trim() ? { endpoint: env.OR3_S3_ENDPOINT.trim() } : {}),
    forcePathStyle: readBoolean(env, 'OR3_S3_FORCE_PATH_STYLE'),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    prefix: env.OR3_S3_PREFIX?.trim() ?? '',
  }
}

function readBoolean(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1') return true
  throw new Error(`${name} must be 'true' or 'false', got '${env[name]}'`)
}

function readDuration(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  if (!/^\d{1,15}$/.test(raw) || Number(raw) <= 0) {
    throw new Error(`${name} must be a positive whole number of milliseconds, got '${raw}'`)
  }
  return Number(raw)
}
