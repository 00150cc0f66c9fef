import type { SignedInResponse } from '../shared/wire'
import type { SignedInSession } from './auth-service'

/** The body of register, sign-in and refresh: who is signed in and until when. Never a token. */
export function toSignedInResponse(session: SignedInSession): SignedInResponse {
  const { id, email, displayName } = session.account
  return {
    user: { id, email, ...(displayName ? { displayName } : {}) },
    expiresAt: new Date(session.accessExpiresAt).toISOString(),
  }
}
