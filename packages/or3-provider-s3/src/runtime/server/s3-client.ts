import { S3Client } from '@aws-sdk/client-s3'

/** Which bucket, on which store, reached how. */
export interface S3Location {
  bucket: string
  region: string
  /** The store's URL; absent for AWS itself. */
  endpoint?: string
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (MinIO, Garage, most self-hosted stores). */
  forcePathStyle: boolean
  /** Absent: the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  /** Key prefix inside the bucket; a trailing '/' is added when missing. */
  prefix: string
}

/**
 * The SDK client for a location. Checksums are computed only where an operation requires them:
 * the SDK's default (a CRC32 on every upload) adds headers that several S3-compatible stores
 * refuse, and this provider sets the SHA-256 it wants itself.
 */
export function createS3Client(location: S3Location): S3Client {
  return new S3Client({
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    forcePathStyle: location.forcePathStyle,
    ...(location.credentials ? { credentials: location.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '')
  if (!trimmed) return ''
  if (!/^[\w!.*'()/-]+$/.test(trimmed) || trimmed.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`OR3_S3_PREFIX '${prefix}' may hold only letters, digits, '/', and !_.*'()- (no '.' or '..' segments)`)
  }
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

/** Where the store is, for messages: the endpoint's origin, or AWS's for the region. */
export function describeStore(location: S3Location): string {
  return location.endpoint ? new URL(location.endpoint).origin : `AWS S3 (${location.region})`
}
