import type { ProviderAdminAdapter, ProviderStatus } from '../contracts/server.ts'

/**
 * The reference admin adapter: reports on a backend it can only ask "are you there?", is
 * configured with a secret it never shows, and turns a failing backend into a warning.
 */
export function createMemoryAdminAdapter(options: { secret: string; backend: { check(): void } }): ProviderAdminAdapter {
  return {
    id: 'memory',
    async getStatus(): Promise<ProviderStatus> {
      const base = { id: 'memory', kind: 'memory', configured: options.secret.length > 0 }
      try {
        options.backend.check()
        return { ...base, healthy: true, warnings: [], details: { secretLength: options.secret.length } }
      } catch (error) {
        return { ...base, healthy: false, warnings: [`The backend does not answer: ${(error as Error).message}`] }
      }
    },
  }
}
