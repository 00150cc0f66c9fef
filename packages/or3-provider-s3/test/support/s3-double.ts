import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import type { S3Location } from '../../src/runtime/index'

/**
 * A TEST DOUBLE of an S3-compatible store: s3rver (npm), a small S3 API server written in
 * JavaScript that keeps objects in a temp directory, on a free loopback port. The provider talks
 * to it with the real AWS SDK and real presigned URLs. It is not S3: it accepts any signature for
 * its one access key (S3RVER), enforces neither the signed Content-Length nor
 * x-amz-checksum-sha256, and keeps no checksums, so every commit against it takes the read-back
 * path. The live test (OR3_S3_LIVE=1) covers a real store.
 */
export interface S3Double {
  endpoint: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** A location on the double: path-style, region us-east-1, no prefix. */
  location(bucket: string): S3Location
  /** An SDK client for the double, to set up fixtures and inspect objects behind the provider. */
  client: S3Client
  createBucket(bucket: string): Promise<void>
  close(): Promise<void>
}

export const DOUBLE_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export async function startS3Double(): Promise<S3Double> {
  const directory = mkdtempSync(join(tmpdir(), 'or3-s3-double-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const location = (bucket: string): S3Location => ({
    bucket,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: DOUBLE_CREDENTIALS,
    prefix: '',
  })
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: DOUBLE_CREDENTIALS })
  return {
    endpoint,
    credentials: DOUBLE_CREDENTIALS,
    location,
    client,
    createBucket: async (bucket) => void (await client.send(new CreateBucketCommand({ Bucket: bucket }))),
    close: async () => {
      client.destroy()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** A bucket name S3 accepts (3–63 lowercase letters, digits, hyphens), unique per call. */
export function uniqueBucket(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.toLowerCase()
}

/** Follows a presigned request the way a device does (fetch, the presigned headers); a refusal rejects. */
export async function sendPresigned(
  presigned: { url: string; method: string; headers: Record<string, string> },
  bytes?: Uint8Array,
): Promise<Uint8Array> {
  const body = bytes ? new Blob([new Uint8Array(bytes)]) : undefined
  const response = await fetch(presigned.url, { method: presigned.method, headers: presigned.headers, body })
  if (!response.ok) throw new Error(`${presigned.method} ${response.status}: ${await response.text()}`)
  return new Uint8Array(await response.arrayBuffer())
}
