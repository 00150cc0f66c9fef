import type { ProviderAdminAdapter, ProviderStatus } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import type { BackendHealth } from './backend-health'
import { CLERK_ENV, type ClerkSettings } from './settings'

/** What the admin page shows about Clerk. Flags and hosts only: no key ever leaves the server. */
export function createClerkAdminAdapter(settings: ClerkSettings, health: BackendHealth): ProviderAdminAdapter {
  return {
    id: CLERK_PROVIDER_ID,
    async getStatus(): Promise<ProviderStatus> {
      const lastError = health.lastError()
      return {
        id: CLERK_PROVIDER_ID,
        kind: 'auth',
        // Boot refuses to start without both keys, so a running Clerk provider has them.
        configured: true,
        healthy: lastError === null,
        warnings: warningsFor(settings, health),
        details: {
          instance: settings.instanceType,
          frontendApi: settings.frontendApi,
          publishableKeySet: true,
          secretKeySet: true,
          networklessVerification: settings.jwtKey !== null,
          backendApi: settings.apiUrl ?? 'from the publishable key',
          authorizedParties: settings.authorizedParties.join(', ') || 'the origin of each request',
          testKeysInProduction: settings.testKeysInProduction,
          ...(lastError ? { lastBackendApiError: `${lastError.at} ${lastError.message}` } : {}),
        },
      }
    },
  }
}

function warningsFor(settings: ClerkSettings, health: BackendHealth): string[] {
  const warnings: string[] = []
  const lastError = health.lastError()
  if (lastError) warnings.push(`The last Clerk Backend API call failed (${lastError.at}): ${lastError.message}`)
  for (const template of health.missingTemplates()) {
    warnings.push(`Clerk has no JWT template named '${template}': create it in the Clerk dashboard (JWT templates)`)
  }
  if (settings.testKeysInProduction) {
    warnings.push(
      `This production server uses a Clerk development instance (${CLERK_ENV.allowTestKeys}=true): ` +
        'development instances have low limits and show a development banner',
    )
  }
  if (settings.jwtKey === null) {
    warnings.push(
      `${CLERK_ENV.jwtKey} is not set: session tokens are verified with keys fetched from the Backend API; ` +
        'set it to verify with no network call',
    )
  }
  return warnings
}
