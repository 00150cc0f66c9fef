import type { AuthProvider } from 'or3-provider-kit'
import { defineAuthProvider, mapSqliteError } from 'or3-provider-kit/server'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'
import type { AuthService } from './auth-service'
import { readAccessToken } from './cookies'
import { createBasicAuthUserAdmin } from './user-admin'

/**
 * The caller per the access-token cookie: a verified signature, an unexpired token and a
 * session that was not revoked (so sign-out is immediate). Garbage cookies read as signed out; a
 * busy accounts database is UNAVAILABLE.
 */
export function createBasicAuthProvider(service: AuthService): AuthProvider {
  return defineAuthProvider({
    id: BASIC_AUTH_PROVIDER_ID,
    mapError: mapSqliteError,
    getSession: (event) => service.getSession(readAccessToken(event)),
    users: createBasicAuthUserAdmin(service),
  })
}
