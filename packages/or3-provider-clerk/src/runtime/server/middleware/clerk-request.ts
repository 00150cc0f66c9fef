import { defineEventHandler, getRequestHeader } from 'h3'
import { CLERK_ACTIVE_CONTEXT_KEY } from '../../shared/ids'
import { findClerkProvider } from '../clerk'

/**
 * Runs in place of @clerk/nuxt's own middleware (which is skipped): nothing at all unless Clerk is
 * this server's auth provider. A development instance's page loads are verified here, since Clerk
 * may need to redirect them through its handshake to sync the browser's cookies; every other
 * request is verified on first use by the session or the token broker. Either way a request is
 * verified once (cached on the event).
 */
export default defineEventHandler(async (event) => {
  const clerk = findClerkProvider()
  if (!clerk) return
  event.context[CLERK_ACTIVE_CONTEXT_KEY] = true
  if (clerk.settings.instanceType !== 'development' || event.method !== 'GET') return
  if (!isPageLoad(getRequestHeader(event, 'sec-fetch-dest'), getRequestHeader(event, 'accept'))) return
  try {
    const auth = await clerk.requests.authenticate(event)
    if (auth.status === 'handshake') return new Response(null, { status: 307, headers: auth.headers })
  } catch {
    // Clerk unreachable: the page still renders, and its session probe answers 503 with the reason.
  }
})

function isPageLoad(fetchDest: string | undefined, accept: string | undefined): boolean {
  return fetchDest === 'document' || (fetchDest === undefined && (accept ?? '').includes('text/html'))
}
