import type { H3Event } from 'h3'
import type { ProviderCaller } from 'or3-provider-kit/server'
import { useActiveProviders } from '../providers/active-providers'

/**
 * The caller every provider call of this request runs as (`runWithCaller` in the pipeline): a
 * provider that authorizes by itself (Convex) asks for the signed-in user's token for it, minted
 * by the active auth provider's broker from this request (null when signed out or when it mints
 * none). Providers with their own authorization ignore it.
 */
export function requestCaller(event: H3Event): ProviderCaller {
  return {
    async getToken(providerId, template) {
      const broker = useActiveProviders().tokenBroker
      return broker ? broker.getToken(event, { providerId, template }) : null
    },
  }
}
