import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { rmSync } from 'node:fs'
import { jwksDataUri, jwksOf, type Jwk } from 'or3-provider-kit/server'
import { prepareTemplateBackend } from '../../src/testing/prepare-backend'
import { createTestIssuer, type TestIssuer } from '../../src/testing/test-issuer'
import { downloadOverHttp, httpActor, uploadOverHttp } from './http-backend'
import type { TemplateBackend } from './template-backend'

/** The switch for the live runs: a real deployment's URL and its deploy key. */
export const LIVE_ENV = { url: 'OR3_CONVEX_LIVE_URL', deployKey: 'CONVEX_DEPLOY_KEY' } as const

export function liveSettings(): { url: string; deployKey: string } | null {
  const url = process.env[LIVE_ENV.url]
  const deployKey = process.env[LIVE_ENV.deployKey]
  return url && deployKey ? { url, deployKey } : null
}

function convexCli(args: string[], cwd: string, deployKey: string): void {
  const convexMain = join(cwd, 'node_modules/convex/bin/main.js')
  const result = spawnSync(process.execPath, ['--bun', convexMain, ...args], {
    cwd,
    env: { ...process.env, CI: '1', CONVEX_DEPLOY_KEY: deployKey },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`convex ${args[0]} failed:\n${result.stdout}\n${result.stderr}`)
}

/**
 * Deploys the templates to the live deployment, trusting a test issuer made for this run (its
 * JWKS travels as a data: URI, so the deployment needs no way back to this machine).
 */
export async function deployTemplates(live: { deployKey: string }, options: { alsoTrust?: Jwk[] } = {}): Promise<TestIssuer> {
  const issuer = await createTestIssuer(`https://or3-live-test-${crypto.randomUUID().slice(0, 8)}.invalid`)
  const backend = prepareTemplateBackend()
  // Other keys of the same issuer (e.g. the module's server key) are trusted beside the issuer's.
  const env = { ...issuer.env(), OR3_JWKS: jwksDataUri(jwksOf(...(issuer.jwks.keys as Jwk[]), ...(options.alsoTrust ?? []))) }
  try {
    for (const [name, value] of Object.entries(env)) convexCli(['env', 'set', name, value], backend.root, live.deployKey)
    convexCli(['deploy', '--yes'], backend.root, live.deployKey)
  } finally {
    rmSync(dirname(backend.root), { recursive: true, force: true })
  }
  return issuer
}

/** The live deployment, reached as OR3 will reach it: real tokens over the real client. */
export function createLiveBackend(live: { url: string; deployKey: string }, issuer: TestIssuer): TemplateBackend {
  const admin = httpActor(live.url, 'admin', { adminKey: live.deployKey })
  return {
    kind: 'live',
    clock: null,
    tokenHolder: (claims) => httpActor(live.url, claims.sub, { token: issuer.mint(claims) }),
    anonymous: httpActor(live.url, 'anonymous', {}),
    server: httpActor(live.url, 'server', { token: issuer.serverToken() }),
    runInternal: (path, args) => admin.mutation(path, args),
    upload: uploadOverHttp,
    download: downloadOverHttp,
    close: async () => {},
  }
}
