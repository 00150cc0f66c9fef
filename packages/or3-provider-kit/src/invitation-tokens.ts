import { createHash, randomBytes } from 'node:crypto'

/**
 * The secret of an invite link: 32 random bytes, base64url. Stores keep only its hash, so a
 * leaked database holds no usable link.
 */
export function createInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashInvitationToken(token) }
}

/** SHA-256 hex: what `WorkspaceStore.createInvitation` records and `findInvitationByTokenHash` looks up. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
