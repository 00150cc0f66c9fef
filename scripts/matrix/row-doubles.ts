// The TEST DOUBLES a matrix row's server talks to, from the providers' own `testing` exports:
// Clerk's Backend API (before the wizard runs: its keys are the wizard's input) and a Convex
// deployment running the host's own backend folder (after the wizard wrote and generated it).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseEnv } from 'node:util'
// The built packages' types: a row loads these files from its host's node_modules, not the sources.
// eslint-disable-next-line no-restricted-syntax
import type { ClerkBackendDouble } from '../../packages/or3-provider-clerk/dist/testing/index.js'
// eslint-disable-next-line no-restricted-syntax
import type { DeploymentDouble, DeploymentDoubleOptions } from '../../packages/or3-provider-convex/dist/testing/index.js'
import { PRESETS, type PresetName } from '../../apps/or3-chat/shared/config/presets'
import { browserLikeClient, type BrowserLikeClient } from '../../apps/or3-chat/tests/integration/support/browser-like-client'
import { freePort } from '../../apps/or3-chat/tests/integration/support/start-server'
import { SanityFailure, type TokenExpectation } from './functional-sanity'
import { repoRoot } from './temp-host'

const PASSWORD = 'a matrix passphrase, long enough'

export interface RowDoubles {
  /** The OR3 server's port, chosen first: its origin is part of the settings. */
  port: number
  origin: string
  /** `--set` pairs for the wizard. */
  settings: Record<string, string>
  /** Starts what needs the files the wizard wrote (the Convex deployment double). */
  afterWizard(host: string): Promise<void>
  signUp(baseUrl: string, email: string, displayName: string): Promise<BrowserLikeClient>
  token(): TokenExpectation
  stop(): Promise<void>
}

export async function startRowDoubles(preset: PresetName): Promise<RowDoubles> {
  const selection = PRESETS[preset]
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const stops: (() => Promise<void>)[] = []
  const settings: Record<string, string> = {}
  let clerk: ClerkBackendDouble | undefined
  let convex: DeploymentDouble | undefined
  let convexPort: number | undefined
  let deploymentEnv: Record<string, string> = {}
  let nextUser = 1

  if (selection.auth === 'clerk') {
    const testing = (await import(pathToFileURL(join(repoRoot, 'packages/or3-provider-clerk/dist/testing/index.js')).href)) as typeof import('../../packages/or3-provider-clerk/dist/testing/index.js')
    clerk = await testing.startClerkBackendDouble()
    stops.push(() => clerk!.close())
    Object.assign(settings, clerk.env(), { OR3_ALLOWED_ORIGINS: origin })
  }
  if (selection.sync === 'convex') {
    convexPort = await freePort()
    settings.OR3_CONVEX_URL = `http://127.0.0.1:${convexPort}`
  }

  return {
    port,
    origin,
    settings,
    async afterWizard(host) {
      if (convexPort === undefined) return
      const testing = (await import(pathToFileURL(join(host, 'node_modules/or3-provider-convex/dist/testing/index.js')).href)) as typeof import('../../packages/or3-provider-convex/dist/testing/index.js')
      const backend = join(host, 'convex-backend')
      // What `convex env set --from-file deployment.env` would put on a real deployment.
      const file = join(backend, 'deployment.env')
      if (!existsSync(file)) throw new SanityFailure('the wizard wrote no convex-backend/deployment.env: the deployment would trust no token')
      deploymentEnv = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>
      const options: DeploymentDoubleOptions = { functionsDir: join(backend, 'convex'), port: convexPort, env: deploymentEnv }
      if (clerk) options.fetch = clerkDiscovery(clerk, stops)
      convex = await testing.startDeploymentDouble(options)
      stops.push(() => convex!.stop())
    },
    async signUp(baseUrl, email, displayName) {
      if (clerk) {
        const userId = `user_matrix_${nextUser++}`
        clerk.upsertUser({ id: userId, email, firstName: displayName })
        const client = browserLikeClient(baseUrl)
        for (const [name, value] of Object.entries(clerk.sessionCookies({ userId, authorizedParty: origin, expiresInSeconds: 3600 }))) {
          client.cookies.set(name, value)
        }
        return client
      }
      const client = browserLikeClient(baseUrl)
      const registered = await client.post('/api/basic-auth/register', { email, password: PASSWORD, displayName })
      if (registered.status >= 300) throw new SanityFailure(`POST /api/basic-auth/register answered ${registered.status}`)
      return client
    },
    token() {
      if (selection.sync !== 'convex') return { kind: 'null' }
      // Clerk's template tokens, or basic-auth's own: the issuer the wizard told the deployment to trust.
      const issuer = clerk ? `https://${clerk.frontendApiHost}` : (deploymentEnv.OR3_JWT_ISSUER ?? '(none written)')
      return { kind: 'minted', issuer, accepts: (token) => convexAccepts(convex, token) }
    },
    async stop() {
      for (const stop of stops.reverse()) await stop()
    },
  }
}

/** Asks the deployment double who the token's holder is: it answers only for a token it trusts. */
async function convexAccepts(convex: DeploymentDouble | undefined, token: string): Promise<string> {
  if (!convex) throw new SanityFailure('the Convex deployment double is not running')
  const response = await fetch(`${convex.url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ path: 'users:me', format: 'convex_encoded_json', args: [{}] }),
  })
  const answer = (await response.json()) as { status: string; errorMessage?: string }
  if (answer.status !== 'success') throw new SanityFailure(`the Convex deployment double refused the token: ${answer.errorMessage}`)
  return 'the Convex deployment double accepts it (users:me → success)'
}

/** OIDC discovery for the Clerk double's issuer, as Convex reads it; the keys are served locally. */
function clerkDiscovery(clerk: ClerkBackendDouble, stops: (() => Promise<void>)[]): typeof fetch {
  const jwks = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Response.json({ keys: [clerk.signingKey.jwk] }) })
  stops.push(async () => {
    await jwks.stop(true)
  })
  const discovery = `https://${clerk.frontendApiHost}/.well-known/openid-configuration`
  const answer = async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url === discovery) return Response.json({ issuer: `https://${clerk.frontendApiHost}`, jwks_uri: `http://127.0.0.1:${jwks.port}/` })
    return fetch(input, init)
  }
  return answer as typeof fetch
}
