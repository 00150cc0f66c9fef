import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ProviderSelection } from '../../shared/config/presets'
import type { HostLayout } from './host-layout'
import { runStep } from './run-step'
import { frontendApiOf } from './settings'

/** The Convex backend folder `or3-provider-convex init` writes, in the host's repository. */
export const BACKEND_DIR = 'convex-backend'
/** The deployment's env (what `convex env set --from-file` applies): the tokens it trusts. */
export const DEPLOYMENT_ENV_FILE = 'deployment.env'

export function backendDir(layout: HostLayout): string {
  return join(layout.repoRoot, BACKEND_DIR)
}

/**
 * Puts the Convex functions into the repository (`init --update`: missing files are written,
 * files you changed are kept and listed), installs the backend folder's own dependencies and
 * generates `convex/_generated/` with no network.
 */
export function prepareConvexBackend(layout: HostLayout): string[] {
  const bin = convexInitBin(layout)
  const init = runStep({ cmd: ['bun', bin, 'init', '--update'], cwd: layout.repoRoot, what: 'Writing the Convex backend folder' })
  const dir = backendDir(layout)
  runStep({ cmd: ['bun', 'install'], cwd: dir, what: 'Installing the Convex backend folder' })
  // CI=1: the Convex CLI's error telemetry would otherwise try to reach the internet.
  runStep({ cmd: ['bun', 'run', 'codegen'], cwd: dir, env: { CI: '1' }, what: 'Generating convex/_generated (offline)' })
  return summarizeInit(init)
}

/** init's report without its own next steps (the wizard does those): what it wrote and what it kept. */
function summarizeInit(output: string): string[] {
  const report = output.split('\n\nNext steps:')[0]!.split('\n').filter(Boolean)
  const created = report.filter((line) => line.startsWith('created ')).length
  const rest = report.filter((line) => !line.startsWith('created '))
  return [...(created ? [`created ${created} file(s) in ${BACKEND_DIR}/`] : []), ...rest]
}

export interface DeploymentEnv {
  values: Record<string, string>
  /** Sentences for what could not be written, and why. */
  skipped: string[]
}

/**
 * What the deployment must trust, from the selected auth provider: Clerk's Frontend API (its
 * `convex` JWT template), or basic-auth's own issuer and public keys (`basicAuthIssuer`,
 * `basicAuthJwks`, read from the installed package with the settings the server will run with).
 */
export async function deploymentEnvFor(layout: HostLayout, selection: ProviderSelection, settings: Record<string, string>): Promise<DeploymentEnv> {
  if (selection.auth === 'clerk') {
    const host = frontendApiOf(settings.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? '')
    return host ? { values: { CLERK_JWT_ISSUER_DOMAIN: `https://${host}` }, skipped: [] } : { values: {}, skipped: ['No Clerk publishable key: CLERK_JWT_ISSUER_DOMAIN was not written.'] }
  }
  if (selection.auth !== 'basic-auth') return { values: {}, skipped: [] }
  const basicAuth = (await import(pathToFileURL(Bun.resolveSync('or3-provider-basic-auth', layout.hostDir)).href)) as {
    basicAuthJwks?: (env: Record<string, string | undefined>) => unknown
    basicAuthIssuer?: (env: Record<string, string | undefined>) => unknown
  }
  if (typeof basicAuth.basicAuthJwks !== 'function' || typeof basicAuth.basicAuthIssuer !== 'function') {
    return {
      values: {},
      skipped: [
        `The installed or3-provider-basic-auth (${installedVersion(layout, 'or3-provider-basic-auth')}) has no basicAuthJwks/basicAuthIssuer exports, so OR3_JWT_ISSUER and OR3_JWKS were not written to ${BACKEND_DIR}/${DEPLOYMENT_ENV_FILE}: update it, then run the wizard again.`,
      ],
    }
  }
  // The server resolves its data folder (and the key kept there) from its working directory.
  const env = { ...process.env, ...settings, OR3_DATA_DIR: resolve(layout.hostDir, settings.OR3_DATA_DIR ?? '.data') }
  const issuer = String(await basicAuth.basicAuthIssuer(env))
  const jwks = await basicAuth.basicAuthJwks(env)
  return { values: { OR3_JWT_ISSUER: issuer, OR3_JWKS: jwksDataUri(jwks) }, skipped: [] }
}

/** `OR3_JWKS` as a data URI, so the deployment needs no network path to this server. */
function jwksDataUri(jwks: unknown): string {
  if (typeof jwks === 'string' && jwks.startsWith('data:')) return jwks
  const json = typeof jwks === 'string' ? jwks : JSON.stringify(jwks)
  return `data:application/json;base64,${Buffer.from(json).toString('base64')}`
}

function convexInitBin(layout: HostLayout): string {
  const pkgDir = join(layout.hostDir, 'node_modules', 'or3-provider-convex')
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }
  return join(pkgDir, manifest.bin['or3-provider-convex']!)
}

function installedVersion(layout: HostLayout, pkg: string): string {
  const manifest = JSON.parse(readFileSync(join(layout.hostDir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
  return manifest.version
}
