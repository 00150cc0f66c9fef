import type { ProviderAdminAdapter, ProviderStatus } from '../contracts/server.ts'

export interface AdminAdapterImplementation {
  readonly id: string
  /** What the provider is to the admin page: 'sqlite', 'auth', 'storage', ... */
  readonly kind: string
  /** Whether its settings are complete. Default true. */
  configured?: boolean
  /** The sentence a failing `status()` is reported with, before its message. */
  unreadable: string
  status(): Promise<Omit<ProviderStatus, 'id' | 'kind' | 'configured'>>
}

/**
 * A ProviderAdminAdapter whose status never throws: a backend that cannot be asked is reported
 * unhealthy with one warning (`unreadable: <message>`), so the admin page still shows the others.
 */
export function defineAdminAdapter(implementation: AdminAdapterImplementation): ProviderAdminAdapter {
  const { id, kind, configured = true } = implementation
  return {
    id,
    async getStatus(): Promise<ProviderStatus> {
      try {
        return { id, kind, configured, ...(await implementation.status()) }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        return { id, kind, configured, healthy: false, warnings: [`${implementation.unreadable}: ${reason}`] }
      }
    },
  }
}
