import type { UserIdentity } from 'convex/server'
import type { TestClock } from 'or3-provider-kit/testing'
import { createLocalBackend } from '../../src/testing/local-backend'
import { createStorageRoutes } from '../../src/testing/storage-routes'
import { SERVER_SUBJECT } from '../../src/testing/test-issuer'
import type { Actor } from './actors'
import type { TemplateBackend, UserClaims } from './template-backend'

const ISSUER = 'https://or3.in-process.test'
const ORIGIN = 'http://deployment.invalid'

/**
 * The templates on convex-test in this process, with identities handed to the functions
 * directly (no token), and the storage routes answered without a server.
 */
export async function createInProcessBackend(functionsDir: string, clock: TestClock | null): Promise<TemplateBackend> {
  process.env.OR3_JWT_ISSUER = ISSUER
  const backend = await createLocalBackend({ functionsDir, now: clock?.now })
  const storage = createStorageRoutes(backend)

  const actor = (label: string, identity: Partial<UserIdentity> | null): Actor => ({
    label,
    query: async (path, args = {}) => storage.rewriteUrls(await backend.call('query', path, args, identity), ORIGIN) as never,
    mutation: async (path, args = {}) => storage.rewriteUrls(await backend.call('mutation', path, args, identity), ORIGIN) as never,
  })
  const identityOf = (claims: UserClaims): Partial<UserIdentity> => ({
    issuer: ISSUER,
    subject: claims.sub,
    tokenIdentifier: `${ISSUER}|${claims.sub}`,
    email: claims.email,
    emailVerified: claims.email_verified,
    name: claims.name,
  })

  return {
    kind: 'in-process',
    clock,
    tokenHolder: (claims) => actor(claims.sub, identityOf(claims)),
    anonymous: actor('anonymous', null),
    server: actor('server', { issuer: ISSUER, subject: SERVER_SUBJECT, tokenIdentifier: `${ISSUER}|${SERVER_SUBJECT}` }),
    runInternal: async (path, args = {}) => (await backend.call('mutation', path, args, null)) as never,
    async upload(presigned, bytes) {
      const response = await storage.handle(new Request(presigned.url, { method: presigned.method, headers: presigned.headers, body: new Uint8Array(bytes) }))
      if (!response?.ok) throw new Error(`upload refused: ${response?.status}`)
      return ((await response.json()) as { storageId: string }).storageId
    },
    async download(url) {
      const response = await storage.handle(new Request(url))
      return response?.ok ? new Uint8Array(await response.arrayBuffer()) : null
    },
    close: async () => {},
  }
}
