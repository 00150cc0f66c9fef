// One row of the matrix, as a deployment would go: a clean host from packed tarballs, the setup
// wizard choosing the row's preset, build, the absent-SDK checks, type-check, the server's own
// boot check, and D (functional sanity) through the built server against test doubles.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { checkBoot, confirmSelection } from '../../apps/or3-chat/scripts/or3-cloud/boot-check'
import { findSetting } from '../../apps/or3-chat/scripts/or3-cloud/settings'
import { PRESETS } from '../../apps/or3-chat/shared/config/presets'
import { startServer, type RunningServer } from '../../apps/or3-chat/tests/integration/support/start-server'
import { findForbiddenPackages, findForbiddenReferences } from './absent-sdks'
import { combination, type CombinationName } from './combinations'
import type { RowEvidence, StepEvidence, StepId } from './evidence'
import { checkLocalOnly, checkProvidersLine, checkStorage, checkSync, checkTokenBroker, checkWorkspaces } from './functional-sanity'
import { startRowDoubles, type RowDoubles } from './row-doubles'
import { CommandFailed, runLogged } from './run-logged'
import { createTempHost, lockDrift } from './temp-host'

export async function runRow(name: CombinationName, tarballs: string, work: string): Promise<RowEvidence> {
  const row = combination(name)
  const started = performance.now()
  const steps: StepEvidence[] = []
  let failure: string | undefined
  let doubles: RowDoubles | undefined

  /** Runs one step; after a failure the rest are recorded as not run. */
  const step = async (id: StepId, title: string, command: string, body: () => Promise<string[]> | string[]) => {
    if (failure !== undefined) {
      steps.push({ id, title, command, exitCode: null, seconds: 0, lines: [], status: 'skipped' })
      return
    }
    const began = performance.now()
    try {
      const lines = await body()
      steps.push({ id, title, command, exitCode: 0, seconds: (performance.now() - began) / 1000, lines, status: 'ok' })
    } catch (error) {
      // Temporary paths differ from run to run; the record quotes the sentence without them.
      failure = firstSentence(error).replaceAll(work, '<work>').replaceAll(tarballs, '<tarballs>')
      const exitCode = error instanceof CommandFailed ? error.run.exitCode : 1
      steps.push({ id, title, command, exitCode, seconds: (performance.now() - began) / 1000, lines: [failure], status: 'failed' })
      console.error(`  ${title}: FAILED\n${error instanceof Error ? error.message : String(error)}`)
    }
  }

  let host = ''
  try {
    await step('install', 'Install the host from tarballs', 'bun install  (the app; or3-provider-kit from its tarball; third-party versions = the workspace lock)', () => {
      host = createTempHost(work, tarballs)
      const drift = lockDrift(host)
      if (drift.length) console.warn(`  lock: ${drift.length} nested package(s) resolved outside the workspace lock:\n    ${drift.join('\n    ')}`)
      return ['exit 0; the host lists or3-provider-kit and no provider package']
    })
    await step('wizard', `Set up the ${row.preset} preset with the wizard`, `bun run or3-cloud init --preset ${row.preset} --yes --no-build --packages <tarballs> [--set …]`, async () => {
      doubles = await startRowDoubles(row.preset)
      return runWizard(host, tarballs, row.preset, doubles)
    })
    await step('absent-installed', 'SDKs absent from node_modules', 'scan node_modules (top level and the .bun store)', () => {
      const found = findForbiddenPackages(join(host, 'node_modules'), row.absentSdks)
      if (found.length) throw new Error(`SDKs that were not chosen are installed: ${found.join(', ')}`)
      return [row.absentSdks.length ? `no ${describeSdks(row.absentSdks)} package installed` : 'nothing must be absent in this row']
    })
    await step('build', 'Build', 'bun --bun nuxt build', () => {
      runLogged(['bun', '--bun', 'nuxt', 'build'], host, 'build', { NODE_ENV: 'production' })
      return ['exit 0']
    })
    await step('absent-built', 'SDKs absent from the build output', 'scan .output for imports of, or bundled paths into, the absent SDKs', () => {
      const found = findForbiddenReferences(join(host, '.output'), row.absentSdks)
      if (found.length) throw new Error(`The build output references absent SDKs:\n${found.join('\n')}`)
      return [row.absentSdks.length ? `no file of .output imports or bundles ${describeSdks(row.absentSdks)}` : 'nothing must be absent in this row']
    })
    await step('typecheck', 'Type-check', 'bun --bun nuxt typecheck', () => {
      runLogged(['bun', '--bun', 'nuxt', 'typecheck'], host, 'typecheck')
      return ['exit 0']
    })
    await step('boot-check', "The server's boot check", 'OR3_CHECK_CONFIG=1 bun .output/server/index.mjs  (with the .env the wizard wrote)', () => {
      const settings = parseEnv(readFileSync(join(host, '.env'), 'utf8')) as Record<string, string>
      return [`exit 0: ${confirmSelection(checkBoot(host, settings, Object.keys(settings)), PRESETS[row.preset])}`]
    })
    await step('functional', 'D: functional sanity through the built server', 'bun .output/server/index.mjs, driven over HTTP against the test doubles', async () => {
      await doubles!.afterWizard(host)
      return await functionalSanity(host, row.preset, doubles!)
    })
  } finally {
    await doubles?.stop()
  }

  const seconds = (performance.now() - started) / 1000
  const passed = failure === undefined
  const status = row.pendingOn ? (passed ? 'passed-while-pending' : 'pending') : passed ? 'passed' : 'failed'
  return { name, label: row.label, preset: row.preset, pendingOn: row.pendingOn, status, steps, failure, seconds }
}

/**
 * The wizard as a user runs it: non-secret settings with --set, secrets through the environment
 * (so they appear in no command line). Its output must hold none of them.
 */
function runWizard(host: string, tarballs: string, preset: keyof typeof PRESETS, doubles: RowDoubles): string[] {
  const secrets = Object.fromEntries(Object.entries(doubles.settings).filter(([key]) => findSetting(key)?.secret))
  const plain = Object.entries(doubles.settings).filter(([key]) => !(key in secrets))
  // --silent: `bun run` would echo the command line, --set values included.
  const cmd = ['bun', 'run', '--silent', 'or3-cloud', 'init', '--preset', preset, '--yes', '--no-build', '--packages', tarballs]
  for (const [key, value] of plain) cmd.push('--set', `${key}=${value}`)
  const run = runLogged(cmd, host, 'wizard', secrets)
  for (const value of Object.values(secrets)) {
    if (run.output.includes(value)) throw new Error('The wizard printed a secret it was given')
  }
  const envFile = join(host, '.env')
  const env = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>
  const modules = /\[([\s\S]*)\]/.exec(readFileSync(join(host, 'or3.providers.generated.ts'), 'utf8'))![1]!.match(/'[^']+'/g) ?? []
  const providers = Object.keys(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).dependencies).filter((pkg) => pkg.startsWith('or3-provider-'))
  const lines = [
    `exit 0; the command line ${plain.length ? `passed ${plain.map(([key]) => key).join(', ')}` : 'passed no setting'}${Object.keys(secrets).length ? `, the environment ${Object.keys(secrets).join(', ')}` : ''}; its output holds none of the secrets`,
    `package.json: ${providers.join(', ')}`,
    `or3.providers.generated.ts: [${modules.join(', ')}]`,
    `.env: mode 0${(statSync(envFile).mode & 0o777).toString(8)}, OR3_PRESET=${env.OR3_PRESET}, keys ${Object.keys(env).sort().join(', ')}`,
  ]
  if (PRESETS[preset].sync === 'convex') {
    if (!existsSync(join(host, 'convex-backend/convex/_generated/api.d.ts'))) throw new Error('The wizard generated no convex-backend/convex/_generated/')
    lines.push('convex-backend/: the templates, and convex/_generated/ from offline codegen')
    const deploymentEnvFile = join(host, 'convex-backend/deployment.env')
    const deploymentEnv = existsSync(deploymentEnvFile) ? (parseEnv(readFileSync(deploymentEnvFile, 'utf8')) as Record<string, string>) : {}
    lines.push(`convex-backend/deployment.env: ${Object.keys(deploymentEnv).sort().join(', ') || 'not written'}`)
  }
  // Its warnings (a step it had to skip), except the --no-build one: the matrix builds next.
  for (const warning of run.output.split('\n').filter((line) => line.startsWith('! ') && !line.includes('--no-build'))) {
    lines.push(`wizard warning: ${warning.slice(2)}`)
  }
  return lines
}

async function functionalSanity(host: string, preset: keyof typeof PRESETS, doubles: RowDoubles): Promise<string[]> {
  let server: RunningServer | undefined
  try {
    server = await startServer({ entry: join(host, '.output/server/index.mjs'), cwd: host, port: doubles.port, env: {} })
    const selection = PRESETS[preset]
    if (selection.auth === null) {
      return [...checkProvidersLine(server.output(), 'local-only (cloud off)'), ...(await checkLocalOnly(server.url))]
    }
    const providersLine = `auth: ${selection.auth}, sync: ${selection.sync}, storage: ${selection.storage}, limits: ${selection.sync}, jobs: ${selection.sync}`
    const alice = await doubles.signUp(doubles.origin, 'alice@matrix.test', 'Alice')
    return [
      ...checkProvidersLine(server.output(), providersLine),
      ...(await checkWorkspaces(alice)),
      ...(await checkSync(alice)),
      ...(await checkStorage(alice, doubles.origin)),
      ...(await checkTokenBroker(alice, doubles.token())),
    ]
  } finally {
    await server?.stop()
  }
}

function describeSdks(sdks: readonly string[]): string {
  return sdks.map((sdk) => (sdk.startsWith('@') ? `${sdk}/*` : sdk)).join(', ')
}

/** The first line of an error: what the record quotes. */
function firstSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]!.trim()
}
