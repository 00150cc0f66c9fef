import { ConvexClient, ConvexHttpClient } from 'convex/browser'
import { makeFunctionReference } from 'convex/server'
import type { TestClock } from 'or3-provider-kit/testing'
import { startDeploymentDouble } from '../../src/testing/deployment-double'
import { createTestIssuer } from '../../src/testing/test-issuer'
import type { Actor } from './actors'
import type { TemplateBackend } from './template-backend'

/** A caller over the real ConvexHttpClient, with its own token (or none, or admin auth). */
export function httpActor(url: string, label: string, auth: { token?: Promise<string>; adminKey?: string }): Actor {
  const client = new ConvexHttpClient(url, { logger: false })
  const ready = (async () => {
    if (auth.adminKey !== undefined) (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(auth.adminKey)
    else if (auth.token !== undefined) client.setAuth(await auth.token)
  })()
  return {
    label,
    query: async (path, args = {}) => {
      await ready
      return await client.query(makeFunctionReference<'query'>(path), args)
    },
    // skipQueue: concurrent calls reach the deployment concurrently, as from several servers.
    mutation: async (path, args = {}) => {
      await ready
      return await client.mutation(makeFunctionReference<'mutation'>(path), args, { skipQueue: true })
    },
  }
}

/** A device's upload to a Convex upload URL: the answer is the storage id. */
export async function uploadOverHttp(presigned: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array) {
  const response = await fetch(presigned.url, { method: presigned.method, headers: presigned.headers, body: new Uint8Array(bytes) })
  if (!response.ok) throw new Error(`upload refused: ${response.status}`)
  return ((await response.json()) as { storageId: string }).storageId
}

export async function downloadOverHttp(url: string) {
  const response = await fetch(url)
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : null
}

/** The templates behind the deployment double, reached with real tokens over HTTP. */
export async function createHttpDoubleBackend(functionsDir: string, clock: TestClock | null): Promise<TemplateBackend> {
  const issuer = await createTestIssuer()
  const double = await startDeploymentDouble({ functionsDir, env: issuer.env(), now: clock?.now })
  const admin = httpActor(double.url, 'admin', { adminKey: double.adminKey })
  const serverToken = issuer.serverToken()
  let socket: ConvexClient | null = null
  return {
    kind: 'http-double',
    clock,
    tokenHolder: (claims) => httpActor(double.url, claims.sub, { token: issuer.mint(claims) }),
    anonymous: httpActor(double.url, 'anonymous', {}),
    server: httpActor(double.url, 'server', { token: serverToken }),
    runInternal: (path, args) => admin.mutation(path, args),
    upload: uploadOverHttp,
    download: downloadOverHttp,
    subscribeLatestVersion(workspaceId, onVersion) {
      if (socket === null) {
        socket = new ConvexClient(double.url, { logger: false })
        socket.setAuth(() => serverToken)
      }
      return socket.onUpdate(makeFunctionReference<'query'>('sync:latestVersion'), { workspaceId }, ({ version }: { version: number }) => onVersion(version))
    },
    async close() {
      await socket?.close()
      await double.stop()
    },
  }
}
