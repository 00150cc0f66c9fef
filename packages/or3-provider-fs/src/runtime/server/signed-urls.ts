import { createHmac, timingSafeEqual } from 'node:crypto'
import { blobHashSchema, mimeTypeSchema, ProviderError, sizeBytesSchema, workspaceIdSchema } from 'or3-provider-kit'

export type BlobUrlPurpose = 'upload' | 'download'

/** What a signed URL allows: one purpose, one blob of one workspace, until `expiresAt`. */
export interface BlobUrlClaims {
  purpose: BlobUrlPurpose
  workspaceId: string
  hash: string
  sizeBytes: number
  mimeType: string
  /** ms since the epoch. */
  expiresAt: number
}

export interface BlobUrlSignerOptions {
  secret: string
  now: () => number
  ttlMs: number
}

export interface BlobUrlSigner {
  /** A token `base64url(claims JSON).base64url(HMAC-SHA256)` valid for `ttlMs`. */
  sign(claims: Omit<BlobUrlClaims, 'expiresAt'>): { token: string; expiresAt: number }
  /** The claims of a genuine, unexpired token for `purpose`; FORBIDDEN (403) otherwise. */
  verify(token: unknown, purpose: BlobUrlPurpose): BlobUrlClaims
}

/** A token that must not be honoured: the routes answer 403 with the reason. */
function invalidLink(message: string): ProviderError {
  return new ProviderError('FORBIDDEN', message)
}

// Versioned domain separation: a MAC made for anything else (or a future format) never verifies.
const MAC_CONTEXT = 'or3-provider-fs/url/v1\n'
const MAX_TOKEN_LENGTH = 2048

export function createBlobUrlSigner({ secret, now, ttlMs }: BlobUrlSignerOptions): BlobUrlSigner {
  const mac = (payload: string) => createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest()

  return {
    sign(claims) {
      const expiresAt = now() + ttlMs
      // Fixed key order: the payload is exactly what was signed, no canonicalisation needed.
      const wire = {
        p: claims.purpose,
        w: claims.workspaceId,
        h: claims.hash,
        s: claims.sizeBytes,
        m: claims.mimeType,
        e: expiresAt,
      }
      const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')
      return { token: `${payload}.${mac(payload).toString('base64url')}`, expiresAt }
    },

    verify(token, purpose) {
      if (typeof token !== 'string' || token.length === 0) {
        throw invalidLink(`This ${purpose} link has no token; request a new link`)
      }
      const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : []
      const [payload, signature] = parts
      if (parts.length !== 2 || !payload || !signature) {
        throw invalidLink(`This ${purpose} link is malformed; request a new link`)
      }
      // Compare the canonical text, not decoded bytes: base64url decoding ignores stray characters
      // and spare low bits, so two different strings could decode to the same MAC.
      const expected = Buffer.from(mac(payload).toString('base64url'), 'utf8')
      const given = Buffer.from(signature, 'utf8')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalidLink(`This ${purpose} link's signature does not match; it was altered or signed by another server`)
      }
      const claims = decodeClaims(payload)
      if (claims.purpose !== purpose) {
        throw invalidLink(`This link is for ${claims.purpose}, not ${purpose}`)
      }
      if (now() >= claims.expiresAt) {
        throw invalidLink(`This ${purpose} link expired; request a new one`)
      }
      return claims
    },
  }
}

/** Claims of a payload whose MAC already verified; still checked field by field (defence in depth). */
function decodeClaims(payload: string): BlobUrlClaims {
  let wire: Record<string, unknown>
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    throw invalidLink('This link carries unreadable claims; request a new link')
  }
  const purpose = wire.p
  const expiresAt = wire.e
  if (
    (purpose !== 'upload' && purpose !== 'download') ||
    typeof expiresAt !== 'number' ||
    !Number.isSafeInteger(expiresAt) ||
    !workspaceIdSchema.safeParse(wire.w).success ||
    !blobHashSchema.safeParse(wire.h).success ||
    !sizeBytesSchema.safeParse(wire.s).success ||
    !mimeTypeSchema.safeParse(wire.m).success
  ) {
    throw invalidLink('This link carries invalid claims; request a new link')
  }
  return {
    purpose,
    workspaceId: wire.w as string,
    hash: wire.h as string,
    sizeBytes: wire.s as number,
    mimeType: wire.m as string,
    expiresAt,
  }
}
