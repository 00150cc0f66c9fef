import { allowContentSources } from 'or3-provider-kit/server'
import type { S3Location } from './s3-client'

/**
 * The origin the presigned URLs point at, worked out the way the AWS SDK addresses a bucket:
 * path-style puts the bucket in the path (`<endpoint>/<bucket>/<key>`), virtual-hosted in the
 * host name (`<bucket>.<endpoint host>/<key>`). The SDK falls back to path-style for a bucket
 * name that cannot be a host label (dots over https, capitals, underscores). Tests compare this
 * with the origin of real presigned URLs.
 */
export function bucketOrigin(location: S3Location): string {
  const base = new URL(location.endpoint ?? `https://s3.${location.region}.amazonaws.com`)
  if (location.forcePathStyle || !isHostLabel(location.bucket, base.protocol)) return base.origin
  return `${base.protocol}//${location.bucket}.${base.host}`
}

function isHostLabel(bucket: string, protocol: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || /\.\.|^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return false
  return !(bucket.includes('.') && protocol === 'https:')
}

/**
 * Lets pages PUT to and GET from the bucket (connect-src), and show images and media straight
 * from it (img-src, media-src). The page policy admits https origins, and http only on loopback:
 * a plain-http store elsewhere is left out with a warning, as browsers could not reach it.
 */
export function allowBucketOrigin(location: S3Location, warn: (line: string) => void = console.warn): void {
  const origin = bucketOrigin(location)
  try {
    allowContentSources({ 'connect-src': [origin], 'img-src': [origin], 'media-src': [origin] })
  } catch {
    warn(
      `[or3-provider-s3] the bucket is served from ${origin}: the page's Content-Security-Policy only admits https origins ` +
        '(http on this machine only), so browsers cannot upload attachments to it; give OR3_S3_ENDPOINT an https URL',
    )
  }
}
