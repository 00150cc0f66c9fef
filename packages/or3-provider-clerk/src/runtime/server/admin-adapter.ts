import type { ProviderAdminAdapter, ProviderStatus } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import { describeBackendError, type BackendHealth } from './backend-health'
import { CLERK_ENV, type ClerkSettings } from './settings'

/** How long the admin page waits for the Backend API before calling it unreachable. */
const BACKEND_CHECK_TIMEOUT_MS = 5_000

/**
 * What the admin page shows about Clerk. Flags and hosts only: no key ever leaves the server.
 * Each status asks the Backend API once (`checkBackend`, authenticated by the secret key), so a
 * Clerk that is down, or a secret key that was revoked, shows before users run into it; the last
 * failed call of a request (reading a user, minting a token) is reported beside it.
 */
export function createClerkAdminAdapter(deps: {
  settings: ClerkSettings
  health: BackendHealth
  checkBackend: () => Promise<unknown>
}): ProviderAdminAdapter {
  const { settings, health } = deps

  /** null when the Backend API answered; otherwise what went wrong, as a sentence for the operator. */
  async function checkBackendApi(): Promise<string | null> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${BACKEND_CHECK_TIMEOUT_MS / 1000} s`)), BACKEND_CHECK_TIMEOUT_MS)
    })
    try {
      await Promise.race([deps.checkBackend(), timeout])
      return null
    } catch (error) {
      const status = (error as { status?: unknown })?.status
      if (status === 401 || status === 403) return `Clerk refused the secret key with ${describeBackendError(error)}: check ${CLERK_ENV.secretKey}`
      return `The Clerk Backend API is not answering (${describeBackendError(error)})`
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    id: CLERK_PROVIDER_ID,
    async getStatus(): Promise<ProviderStatus> {
      const backendProblem = await checkBackendApi()
      const lastError = health.lastError()
      return {
        id: CLERK_PROVIDER_ID,
        kind: 'auth',
        // Boot refuses to start without both keys, so a running Clerk provider has them.
        configured: true,
        healthy: backendProblem === null && lastError === null,
        warnings: [...(backendProblem ? [backendProblem] : []), ...warningsFor(settings, health)],
        details: {
          instance: settings.instanceType,
          frontendApi: settings.frontendApi,
          publishableKeySet: true,
          secretKeySet: true,
          networklessVerification: settings.jwtKey !== null,
          backendApi: settings.apiUrl ?? 'from the publishable key',
          backendApiReachable: backendProblem === null,
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
