import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { basicAuthJwks } from 'or3-provider-basic-auth'
import { jwksDataUri, jwksOf, type Jwks } from 'or3-provider-kit/server'
import {
  convexDoubleServeScript,
  convexServerIssuer,
  convexServerJwks,
  startClerkBackendDouble,
  type ClerkBackendDouble,
} from '../../fixtures/convex-host/testing'
import { browserLikeClient, type BrowserLikeClient } from './browser-like-client'
import { CONVEX_HOST_DIR, CONVEX_HOST_SERVER_ENTRY } from './paths'
import { freePort, startServer, type RunningServer } from './start-server'

export type ConvexPreset = 'clerk-convex' | 'basic-auth-convex'

/** TEST DOUBLE of a Convex deployment, in its own process (`bun serve.js` of or3-provider-convex/testing). */
export interface ConvexDeploymentProcess {
  url: string
  adminKey: string
  /** Drops every document and file. */
  reset(): Promise<void>
  stop(): Promise<void>
}

/**
 * Starts the deployment double with the env a real deployment would hold (`OR3_JWT_ISSUER`,
 * `OR3_JWKS`, `CLERK_JWT_ISSUER_DOMAIN`), plus the Clerk double's keys under its issuer, which
 * stand in for a discovery document no test can reach.
 */
export async function startConvexDeployment(env: Record<string, string>): Promise<ConvexDeploymentProcess> {
  const proc = Bun.spawn(['bun', convexDoubleServeScript()], {
    env: { ...process.env, ...env },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const reader = proc.stdout.getReader()
  let text = ''
  while (!text.includes('\n')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`the Convex deployment double exited: ${await new Response(proc.stderr).text()}`)
    text += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  const { url, adminKey } = JSON.parse(text.slice(0, text.indexOf('\n'))) as { url: string; adminKey: string }
  return {
    url,
    adminKey,
    async reset() {
      const response = await fetch(`${url}/_double/reset`, { method: 'POST', headers: { authorization: `Convex ${adminKey}` } })
      if (response.status !== 204) throw new Error(`resetting the deployment double failed: ${response.status}`)
    },
    async stop() {
      proc.stdin.end()
      await proc.exited
    },
  }
}

export interface ConvexHostServer extends RunningServer {
  preset: ConvexPreset
  /** The deployment's public origin (OR3_ALLOWED_ORIGINS). */
  origin: string
  dataDir: string
  deployment: ConvexDeploymentProcess
  /** TEST DOUBLE of Clerk's Backend API, on clerk-convex. */
  clerk: ClerkBackendDouble | null
  /** A new browser profile signed in to a new account, the way this preset signs people up. */
  signUp(email: string, displayName: string): Promise<BrowserLikeClient>
}

const PASSWORD = 'a long enough passphrase'
let nextClerkUser = 1

/**
 * The Convex test host (the app plus or3-provider-convex and or3-provider-clerk) on a Convex
 * preset, against the deployment double and, on clerk-convex, the Clerk Backend API double, in a
 * fresh data folder. The keys are set up as the setup wizard does it: the OR3 server's (and, on
 * basic-auth-convex, basic-auth's) signing keys are generated into the data folder first, and
 * their public JWKS becomes the deployment's `OR3_JWKS` (a data: URI).
 */
export async function startConvexHost(
  preset: ConvexPreset,
  env: Record<string, string> = {},
  options: { host?: string; port?: number } = {},
): Promise<ConvexHostServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `or3-${preset}-`))
  const port = options.port ?? (await freePort())
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`
  const keysEnv = { OR3_DATA_DIR: dataDir, ...env }
  const jwks: Jwks =
    preset === 'basic-auth-convex' ? jwksOf(convexServerJwks(keysEnv), basicAuthJwks(keysEnv)) : convexServerJwks(keysEnv)
  const started: Array<{ stop(): Promise<void> }> = []
  try {
    const clerk = preset === 'clerk-convex' ? await startClerkBackendDouble() : null
    if (clerk) started.push({ stop: () => clerk.close() })
    const clerkIssuer = clerk ? `https://${clerk.frontendApiHost}` : null
    const deployment = await startConvexDeployment({
      OR3_JWT_ISSUER: convexServerIssuer(keysEnv),
      OR3_JWKS: jwksDataUri(jwks),
      ...(clerk && clerkIssuer
        ? { CLERK_JWT_ISSUER_DOMAIN: clerkIssuer, OR3_CONVEX_DOUBLE_OIDC_KEYS: JSON.stringify({ [clerkIssuer]: { keys: [clerk.signingKey.jwk] } }) }
        : {}),
    })
    started.push(deployment)
    const server = await startServer({
      entry: CONVEX_HOST_SERVER_ENTRY,
      cwd: CONVEX_HOST_DIR,
      port,
      env: {
        OR3_DATA_DIR: dataDir,
        OR3_PRESET: preset,
        OR3_ALLOWED_ORIGINS: origin,
        OR3_CONVEX_URL: deployment.url,
        ...(clerk ? clerk.env() : {}),
        ...env,
      },
    })
    return {
      ...server,
      preset,
      origin,
      dataDir,
      deployment,
      clerk,
      signUp: (email, displayName) => (clerk ? signUpWithClerk(server.url, origin, clerk, email, displayName) : register(server.url, email, displayName)),
      async stop() {
        await server.stop()
        for (const piece of started.reverse()) await piece.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    for (const piece of started.reverse()) await piece.stop()
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

async function register(url: string, email: string, displayName: string): Promise<BrowserLikeClient> {
  const client = browserLikeClient(url)
  const response = await client.post('/api/basic-auth/register', { email, password: PASSWORD, displayName })
  if (response.status >= 300) throw new Error(`registering ${email} failed: ${response.status} ${JSON.stringify(response.body)}`)
  return client
}

/** Signing up happens at Clerk: the double learns the user, and the browser gets clerk-js's cookies. */
async function signUpWithClerk(url: string, origin: string, clerk: ClerkBackendDouble, email: string, displayName: string) {
  const userId = `user_${nextClerkUser++}`
  clerk.upsertUser({ id: userId, email: email.toLowerCase(), firstName: displayName })
  const client = browserLikeClient(url)
  for (const [name, value] of Object.entries(clerk.sessionCookies({ userId, authorizedParty: origin, expiresInSeconds: 3600 }))) {
    client.cookies.set(name, value)
  }
  const session = await client.get('/api/auth/session')
  if (!session.body.authenticated) throw new Error(`signing ${email} in with Clerk failed: ${JSON.stringify(session.body)}`)
  return client
}
