import { getClientRegistries, type AuthUi } from 'or3-provider-kit'

/** The sign-in components of the configured auth provider, or null when it contributes none. */
export function findAuthUi(providerId: string | null): AuthUi | null {
  return providerId ? (getClientRegistries().authUi.get(providerId) ?? null) : null
}
