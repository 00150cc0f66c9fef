import type { ProviderTokenBroker } from 'or3-provider-kit'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'

/** Basic-auth sessions are only for this server: there is no other provider to mint a token for. */
export function createBasicAuthTokenBroker(): ProviderTokenBroker {
  return {
    id: BASIC_AUTH_PROVIDER_ID,
    async getToken() {
      return null
    },
  }
}
