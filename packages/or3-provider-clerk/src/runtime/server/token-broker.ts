import type { ClerkClient } from '@clerk/backend'
import { isClerkAPIResponseError } from '@clerk/backend/errors'
import type { ProviderTokenBroker } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import type { BackendHealth } from './backend-health'
import type { RequestAuthenticator } from './request-auth'

/** Clerk's template names: letters, digits, `-` and `_` (and it keeps the Backend API path clean). */
const TEMPLATE_NAME = /^[\w-]{1,64}$/

/**
 * Mints the Clerk JWT of a template for the caller's session, e.g. the `convex` template that
 * Convex verifies. The template defaults to the provider id. A missing template or a Backend API
 * failure answers null and tells the operator (admin status), never the caller a 500.
 */
export function createClerkTokenBroker(deps: {
  requests: RequestAuthenticator
  client: Pick<ClerkClient, 'sessions'>
  health: BackendHealth
}): ProviderTokenBroker {
  return {
    id: CLERK_PROVIDER_ID,
    async getToken(event, { providerId, template }) {
      const name = template ?? providerId
      if (!TEMPLATE_NAME.test(name)) return null
      const auth = await deps.requests.authenticate(event)
      if (auth.status !== 'signed-in') return null
      try {
        const token = await deps.client.sessions.getToken(auth.sessionId, name)
        deps.health.recordSuccess()
        return token.jwt
      } catch (error) {
        if (isClerkAPIResponseError(error) && error.status === 404) {
          deps.health.recordSuccess()
          deps.health.recordMissingTemplate(name)
        } else {
          deps.health.recordFailure(`minting a '${name}' token`, error)
        }
        return null
      }
    },
  }
}
