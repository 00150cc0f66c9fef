import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startClerkBackendDouble, type ClerkBackendDouble } from '../../fixtures/clerk-host/testing'
import { browserLikeClient, type BrowserLikeClient } from './browser-like-client'
import { CLERK_HOST_DIR, CLERK_HOST_SERVER_ENTRY } from './paths'
import { freePort, startServer, type RunningServer } from './start-server'

export interface ClerkServer extends RunningServer {
  dataDir: string
  /** TEST DOUBLE of Clerk's Backend API the server talks to. */
  double: ClerkBackendDouble
  /** A browser profile signed in to Clerk as `userId`, as clerk-js leaves it (session cookies). */
  browserFor(userId: string, options?: { expiresInSeconds?: number }): BrowserLikeClient
}

/**
 * The Clerk test host (the app plus or3-provider-clerk) on the clerk-sqlite preset, talking to a
 * Backend API double; its own URL is the deployment's allowed origin, as in production.
 */
export async function startClerkHost(env: Record<string, string> = {}): Promise<ClerkServer> {
  const double = await startClerkBackendDouble()
  const dataDir = mkdtempSync(join(tmpdir(), 'or3-clerk-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let server: RunningServer
  try {
    server = await startServer({
      entry: CLERK_HOST_SERVER_ENTRY,
      cwd: CLERK_HOST_DIR,
      port,
      env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'clerk-sqlite', OR3_ALLOWED_ORIGINS: url, ...double.env(), ...env },
    })
  } catch (error) {
    await double.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    ...server,
    dataDir,
    double,
    browserFor(userId, { expiresInSeconds = 3600 } = {}) {
      const client = browserLikeClient(url)
      const cookies = double.sessionCookies({ userId, authorizedParty: url, expiresInSeconds })
      for (const [name, value] of Object.entries(cookies)) client.cookies.set(name, value)
      return client
    },
    async stop() {
      await server.stop()
      await double.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
