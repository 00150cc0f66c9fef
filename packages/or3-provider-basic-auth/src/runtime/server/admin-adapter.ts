import type { ProviderAdminAdapter } from 'or3-provider-kit'
import { defineAdminAdapter } from 'or3-provider-kit/server'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'
import type { AuthService } from './auth-service'
import type { BasicAuthSettings } from './settings'

/** What the admin page shows: database health, counts, and settings worth a second look. */
export function createBasicAuthAdminAdapter(service: AuthService, settings: BasicAuthSettings): ProviderAdminAdapter {
  return defineAdminAdapter({
    id: BASIC_AUTH_PROVIDER_ID,
    kind: 'auth',
    unreadable: 'The accounts database cannot be read',
    async status() {
      const stats = service.stats()
      return {
        healthy: true,
        warnings: warningsFor(settings, stats),
        details: {
          accounts: stats.accounts,
          liveSessions: stats.liveSessions,
          registration: settings.registration,
          minPasswordLength: settings.minPasswordLength,
          secureCookies: settings.cookieSecure,
          database: settings.databasePath,
        },
      }
    },
  })
}

function warningsFor(settings: BasicAuthSettings, stats: ReturnType<AuthService['stats']>): string[] {
  const warnings: string[] = []
  if (settings.production && !settings.cookieSecure) {
    warnings.push(
      'OR3_COOKIE_SECURE=false: session cookies sent over plain HTTP lack the Secure flag; serve the app over HTTPS only',
    )
  }
  if (settings.production && settings.secretSource === 'generated') {
    warnings.push(
      'OR3_BASIC_AUTH_SECRET is not set: tokens are signed with a secret generated in the data directory; ' +
        'set it explicitly when more than one server instance shares the accounts',
    )
  }
  if (stats.clientAddressUnknown) {
    warnings.push(
      'Client addresses are not visible to the server, so per-IP sign-in limits are off and failed ' +
        'sign-ins of an account slow every caller of it: run behind a proxy that sets X-Forwarded-For ' +
        'and set OR3_TRUST_PROXY=true',
    )
  }
  if (stats.accounts === 0) {
    warnings.push('No account exists yet: the first account to register becomes the deployment admin')
  }
  return warnings
}
