import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Jwks } from 'or3-provider-kit/server'
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
 * files you changed are kept and listed), installs the backend folder's own dependencies (convex
 * pinned to the provider's own version) and generates `convex/_generated/` with no network.
 */
export function prepareConvexBackend(layout: HostLayout): string[] {
  const bin = convexInitBin(layout)
  const init = runStep({ cmd: ['bun', bin, 'init', '--update'], cwd: layout.repoRoot, what: 'Writing the Convex backend folder' })
  const dir = backendDir(layout)
  // The convex version the installed provider runs with, exactly: the functions deploy with the
  // client they were tested against, not whatever the registry has today.
  const convex = `convex@${providerConvexVersion(layout)}`
  runStep({ cmd: ['bun', 'add', '--exact', convex], cwd: dir, what: `Installing the Convex backend folder (${convex})` })
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
 * What the deployment must trust: the OR3 server's own token (issuer `OR3_JWT_ISSUER`, its key
 * from the installed or3-provider-convex, `convexServerJwks`), and the users' tokens of the
 * selected auth provider: Clerk's Frontend API (its `convex` JWT template), or basic-auth's keys
 * (`basicAuthJwks`, same issuer). Keys are read with the settings the server will run with, so
 * a key generated here is the one the server uses.
 */
export async function deploymentEnvFor(layout: HostLayout, selection: ProviderSelection, settings: Record<string, string>): Promise<DeploymentEnv> {
  // The server resolves its data folder (and the keys kept there) from its working directory.
  const env = { ...process.env, ...settings, OR3_DATA_DIR: resolve(layout.hostDir, settings.OR3_DATA_DIR ?? '.data') }
  const skipped: string[] = []
  const values: Record<string, string> = {}
  const keys: Jwks[] = []

  const convex = await importInstalled<{ convexServerJwks?: (env: Env) => Jwks; convexServerIssuer?: (env: Env) => string }>(layout, 'or3-provider-convex')
  if (typeof convex.convexServerJwks !== 'function' || typeof convex.convexServerIssuer !== 'function') {
    skipped.push(missingExports(layout, 'or3-provider-convex', 'convexServerJwks/convexServerIssuer'))
  } else {
    values.OR3_JWT_ISSUER = convex.convexServerIssuer(env)
    keys.push(convex.convexServerJwks(env))
  }

  if (selection.auth === 'clerk') {
    const host = frontendApiOf(settings.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? '')
    if (host) values.CLERK_JWT_ISSUER_DOMAIN = `https://${host}`
    else skipped.push('No Clerk publishable key: CLERK_JWT_ISSUER_DOMAIN was not written.')
  } else if (selection.auth === 'basic-auth') {
    const basicAuth = await importInstalled<{ basicAuthJwks?: (env: Env) => Jwks; basicAuthIssuer?: (env: Env) => string }>(layout, 'or3-provider-basic-auth')
    if (typeof basicAuth.basicAuthJwks !== 'function' || typeof basicAuth.basicAuthIssuer !== 'function') {
      skipped.push(missingExports(layout, 'or3-provider-basic-auth', 'basicAuthJwks/basicAuthIssuer'))
    } else {
      values.OR3_JWT_ISSUER ??= basicAuth.basicAuthIssuer(env)
      keys.push(basicAuth.basicAuthJwks(env))
    }
  }
  // One issuer for every token OR3 signs; the deployment gets every key under it, with no network
  // path to this server. Loaded here, not at the top: only a Convex setup needs the kit's server entry.
  if (keys.length) {
    const { jwksDataUri, jwksOf } = await import('or3-provider-kit/server')
    values.OR3_JWKS = jwksDataUri(jwksOf(...keys))
  }
  return { values, skipped }
}

type Env = Record<string, string | undefined>

async function importInstalled<T>(layout: HostLayout, pkg: string): Promise<Partial<T>> {
  return (await import(pathToFileURL(Bun.resolveSync(pkg, layout.hostDir)).href)) as Partial<T>
}

function missingExports(layout: HostLayout, pkg: string, names: string): string {
  return `The installed ${pkg} (${installedVersion(layout, pkg)}) has no ${names} exports, so ${BACKEND_DIR}/${DEPLOYMENT_ENV_FILE} lacks the keys the deployment must trust: update it, then run the wizard again.`
}

function convexInitBin(layout: HostLayout): string {
  const pkgDir = join(layout.hostDir, 'node_modules', 'or3-provider-convex')
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }
  return join(pkgDir, manifest.bin['or3-provider-convex']!)
}

/** The version of `convex` that or3-provider-convex resolves in this host. */
function providerConvexVersion(layout: HostLayout): string {
  const providerDir = join(layout.hostDir, 'node_modules', 'or3-provider-convex')
  const manifest = Bun.resolveSync('convex/package.json', providerDir)
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}

function installedVersion(layout: HostLayout, pkg: string): string {
  const manifest = JSON.parse(readFileSync(join(layout.hostDir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
  return manifest.version
}
