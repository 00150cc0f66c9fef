import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startClerkBackendDouble, type ClerkBackendDouble } from '../../fixtures/clerk-host/testing'
import { browserLikeClient, type BrowserLikeClient } from './browser-like-client'
import { CLERK_HOST_DIR, CLERK_HOST_SERVER_ENTRY } from './paths'
import { freePort, startServer, type RunningServer } from './start-server'

export interface ClerkHostServer extends RunningServer {
  /** The deployment's public origin, as the env names it (OR3_ALLOWED_ORIGINS). */
  origin: string
  dataDir: string
}

/**
 * The Clerk test host (the app plus or3-provider-clerk) on the clerk-sqlite preset, in a fresh
 * data dir. `origin` is what browsers use (`host`, default the server's own address, and `port`,
 * default a free one); it is the deployment's allowed origin, so Clerk tokens must be made for it,
 * as in production. `env` adds the keys.
 */
export async function startClerkHostServer(
  env: Record<string, string>,
  options: { host?: string; port?: number } = {},
): Promise<ClerkHostServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'or3-clerk-'))
  const port = options.port ?? (await freePort())
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`
  try {
    const server = await startServer({
      entry: CLERK_HOST_SERVER_ENTRY,
      cwd: CLERK_HOST_DIR,
      port,
      env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'clerk-sqlite', OR3_ALLOWED_ORIGINS: origin, ...env },
    })
    return {
      ...server,
      origin,
      dataDir,
      async stop() {
        await server.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

export interface ClerkServer extends ClerkHostServer {
  /** TEST DOUBLE of Clerk's Backend API the server talks to. */
  double: ClerkBackendDouble
  /** A browser profile signed in to Clerk as `userId`, as clerk-js leaves it (session cookies). */
  browserFor(userId: string, options?: { expiresInSeconds?: number }): BrowserLikeClient
}

/** The Clerk test host against a Backend API double. */
export async function startClerkHost(env: Record<string, string> = {}): Promise<ClerkServer> {
  const double = await startClerkBackendDouble()
  let server: ClerkHostServer
  try {
    server = await startClerkHostServer({ ...double.env(), ...env })
  } catch (error) {
    await double.close()
    throw error
  }
  return {
    ...server,
    double,
    browserFor(userId, { expiresInSeconds = 3600 } = {}) {
      const client = browserLikeClient(server.url)
      const cookies = double.sessionCookies({ userId, authorizedParty: server.origin, expiresInSeconds })
      for (const [name, value] of Object.entries(cookies)) client.cookies.set(name, value)
      return client
    },
    async stop() {
      await server.stop()
      await double.close()
    },
  }
}
