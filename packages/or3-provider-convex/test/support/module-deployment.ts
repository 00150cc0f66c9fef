import { generateKeyPairSync } from 'node:crypto'
import type { PresignedRequest, ProviderIdentity, UploadReceipt, WorkspaceStore } from 'or3-provider-kit'
import { jwksDataUri, jwksOf, resolveSigningKey, runWithCaller, type ProviderCaller, type SigningKey } from 'or3-provider-kit/server'
import { createConvexProvider, type ConvexProvider, type ConvexProviderOptions } from '../../src/runtime/index'
import type { DeploymentSettings } from '../../src/runtime/server/deployment-settings'
import { startDeploymentDouble, type DeploymentDouble } from '../../src/testing/deployment-double'
import { createTestIssuer, type TestIssuer, type TokenClaims } from '../../src/testing/test-issuer'
import { TEST_SETTINGS } from './template-backend'

export const ISSUER = 'https://or3.test'

/** A fresh RSA key as the server would resolve it from OR3_CONVEX_SERVER_PRIVATE_KEY. */
export function newServerKey(): SigningKey {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return resolveSigningKey({ env: { OR3_CONVEX_SERVER_PRIVATE_KEY: pem }, envVar: 'OR3_CONVEX_SERVER_PRIVATE_KEY', name: 'unused' })
}

export interface ModuleDeployment {
  double: DeploymentDouble
  /** The module's contracts, over the real ConvexHttpClient (and ConvexClient for watch). */
  provider: ConvexProvider
  serverKey: SigningKey
  /** Mints user tokens as an auth provider's broker would (same issuer, its own key). */
  users: TestIssuer
  stop(): Promise<void>
}

/**
 * The deployment double running the templates, trusting the server's key and a user-token
 * issuer under one OR3 issuer (as basic-auth-convex does), and the module's provider on it.
 */
export async function startModuleDeployment(
  options: { now?: () => number; settings?: Partial<DeploymentSettings>; functionsDir: string; provider?: Partial<ConvexProviderOptions> },
): Promise<ModuleDeployment> {
  const serverKey = newServerKey()
  const users = await createTestIssuer(ISSUER)
  const double = await startDeploymentDouble({
    functionsDir: options.functionsDir,
    now: options.now,
    env: { OR3_JWT_ISSUER: ISSUER, OR3_JWKS: jwksDataUri(jwksOf(users.jwks as never, serverKey.publicJwk)) },
  })
  const provider = createConvexProvider({
    url: double.url,
    issuer: ISSUER,
    serverKey,
    deploymentSettings: { ...TEST_SETTINGS, ...options.settings },
    retry: { attempts: 3, baseDelayMs: 5 },
    ...options.provider,
  })
  if (!(await provider.configuration?.configured())) throw new Error('the double did not take the settings')
  return {
    double,
    provider,
    serverKey,
    users,
    async stop() {
      await provider.close()
      await double.stop()
    },
  }
}

/** A request's caller, as the host's pipeline makes one: the broker's token for this user. */
export function callerWith(token: () => Promise<string | null>): ProviderCaller {
  return { getToken: async (providerId) => (providerId === 'convex' ? token() : null) }
}

/** Uploads as a device: POST the bytes to the Convex upload URL; its JSON answer is the receipt. */
export async function uploadToConvex(presigned: PresignedRequest, bytes: Uint8Array): Promise<UploadReceipt> {
  const response = await fetch(presigned.url, { method: presigned.method, headers: presigned.headers, body: new Uint8Array(bytes) })
  if (!response.ok) throw new Error(`upload refused: HTTP ${response.status}`)
  return (await response.json()) as UploadReceipt
}

export async function downloadFromConvex(presigned: PresignedRequest): Promise<Uint8Array> {
  const response = await fetch(presigned.url, { method: presigned.method, headers: presigned.headers })
  if (!response.ok) throw new Error(`download refused: HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

const claimsOf = (identity: ProviderIdentity): TokenClaims => ({
  // Distinct auth providers are distinct issuers in a deployment; here one issuer stands in.
  sub: `${identity.provider}|${identity.providerUserId}`,
  ...(identity.email ? { email: identity.email } : {}),
  email_verified: identity.emailVerified === true,
  ...(identity.displayName ? { name: identity.displayName } : {}),
})

/**
 * TEST HARNESS, as core's pipeline calls a WorkspaceStore: each call runs inside the request of
 * the user it is about (their token from the issuer); calls about no user in particular (a
 * workspace's members, invitations by link, management) run as the OR3 server, as they would
 * outside a request. The store itself is the module's, unchanged.
 */
export function asCoreCallsIt(store: WorkspaceStore, users: TestIssuer): WorkspaceStore {
  const claimsByUser = new Map<string, TokenClaims>()
  const as = <T>(claims: TokenClaims | undefined, call: () => Promise<T>): Promise<T> =>
    claims ? runWithCaller(callerWith(() => users.mint(claims)), call) : call()
  const asUser = <T>(userId: string, call: () => Promise<T>) => as(claimsByUser.get(userId), call)
  const asInvitee = <T>(invitee: { userId: string; email?: string; emailVerified?: boolean }, call: () => Promise<T>) => {
    const claims = claimsByUser.get(invitee.userId)
    return as(claims && { ...claims, email: invitee.email, email_verified: invitee.emailVerified === true }, call)
  }
  return {
    id: store.id,
    async getOrCreateUser(identity) {
      const claims = claimsOf(identity)
      const answer = await as(claims, () => store.getOrCreateUser(identity))
      claimsByUser.set(answer.user.id, claims)
      return answer
    },
    ensurePersonalWorkspace: (userId) => asUser(userId, () => store.ensurePersonalWorkspace(userId)),
    listWorkspaces: (userId) => asUser(userId, () => store.listWorkspaces(userId)),
    createWorkspace: (userId, input) => asUser(userId, () => store.createWorkspace(userId, input)),
    updateWorkspace: (workspaceId, patch) => store.updateWorkspace(workspaceId, patch),
    removeWorkspace: (workspaceId) => store.removeWorkspace(workspaceId),
    getRole: (userId, workspaceId) => asUser(userId, () => store.getRole(userId, workspaceId)),
    setMemberRole: (workspaceId, userId, role) => store.setMemberRole(workspaceId, userId, role),
    listMembers: (workspaceId) => store.listMembers(workspaceId),
    getActiveWorkspaceId: (userId) => asUser(userId, () => store.getActiveWorkspaceId(userId)),
    setActiveWorkspaceId: (userId, workspaceId) => asUser(userId, () => store.setActiveWorkspaceId(userId, workspaceId)),
    createInvitation: (input) => asUser(input.invitedByUserId, () => store.createInvitation(input)),
    listInvitations: (workspaceId) => store.listInvitations(workspaceId),
    listInvitationsFor: (invitee) => asInvitee(invitee, () => store.listInvitationsFor(invitee)),
    findInvitationByTokenHash: (tokenHash) => store.findInvitationByTokenHash(tokenHash),
    acceptInvitation: (ref, invitee) => asInvitee(invitee, () => store.acceptInvitation(ref, invitee)),
    declineInvitation: (ref, invitee) => asInvitee(invitee, () => store.declineInvitation(ref, invitee)),
    revokeInvitation: (workspaceId, invitationId) => store.revokeInvitation(workspaceId, invitationId),
  }
}
