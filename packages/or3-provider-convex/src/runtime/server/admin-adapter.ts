import type { ProviderAdminAdapter, ProviderStatus } from 'or3-provider-kit'
import { BACKEND_VERSION, CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

interface DeploymentStatus {
  backendVersion: number
  configured: boolean
  clerkIssuerConfigured: boolean
  or3IssuerConfigured: boolean
  syncRetentionMs: number
}

/**
 * What the admin page shows: the deployment URL (not a secret), whether it answers as the OR3
 * server, its functions' version against this package's, and what went wrong lately. Never a
 * key or a token; a failure is a warning, never thrown.
 */
export function createConvexAdminAdapter(options: { convex: DeploymentClient; syncMode: 'gateway' | 'direct' }): ProviderAdminAdapter {
  const { convex } = options
  return {
    id: 'convex',
    async getStatus(): Promise<ProviderStatus> {
      const base = { id: 'convex', kind: 'Convex deployment', configured: true }
      const details = { url: convex.url, syncMode: options.syncMode, expectedBackendVersion: BACKEND_VERSION }
      let status: DeploymentStatus
      try {
        status = await convex.query<DeploymentStatus>(CONVEX_FUNCTIONS.admin.status, {}, { as: 'server' })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        const faults = convex.recentFaults()
        return {
          ...base,
          healthy: false,
          warnings: [`The deployment at ${convex.url} cannot be asked for its status: ${faults[0] ?? reason}`],
          details,
        }
      }
      const warnings: string[] = []
      if (status.backendVersion !== BACKEND_VERSION) {
        warnings.push(
          `The deployment runs OR3 functions of version ${status.backendVersion}, this server expects ${BACKEND_VERSION}: ` +
            'run `or3-provider-convex init --update` in the backend folder and deploy it',
        )
      }
      if (!status.configured) warnings.push('The deployment has not taken this server\'s settings yet (admin:configure); they are retried every minute')
      warnings.push(...convex.recentFaults().slice(0, 3).map((fault) => `Recent fault: ${fault}`))
      return {
        ...base,
        healthy: status.backendVersion === BACKEND_VERSION,
        warnings,
        details: {
          ...details,
          backendVersion: status.backendVersion,
          settingsApplied: status.configured,
          clerkTrusted: status.clerkIssuerConfigured,
          or3IssuerTrusted: status.or3IssuerConfigured,
        },
      }
    },
  }
}
