import { defineAdminAdapter } from '../adapters/define-admin-adapter.ts'
import type { ProviderAdminAdapter } from '../contracts/server.ts'

/**
 * The reference admin adapter: reports on a backend it can only ask "are you there?", is
 * configured with a secret it never shows, and turns a failing backend into a warning.
 */
export function createMemoryAdminAdapter(options: { secret: string; backend: { check(): void } }): ProviderAdminAdapter {
  return defineAdminAdapter({
    id: 'memory',
    kind: 'memory',
    configured: options.secret.length > 0,
    unreadable: 'The backend does not answer',
    async status() {
      options.backend.check()
      return { healthy: true, warnings: [], details: { secretLength: options.secret.length } }
    },
  })
}
