// `bun run or3-cloud init`: the setup wizard. Chooses the providers, installs their packages,
// writes or3.providers.generated.ts and the env file, prepares Convex, builds, and checks the
// result with the server's own boot check. See docs/configuration.md.
//
// Exit codes: 0 done (or a dry run), 1 a step failed and everything was put back, 2 bad input
// (nothing written).
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PRESET_NAMES, PRESETS } from '../../shared/config/presets'
import { runInit } from './init'
import { PRESET_SUMMARIES } from './selection'
import { requiredInput } from './settings'
import { plainReporter, startTerminal, terminalPrompter, terminalReporter, WizardCancelled } from './terminal'
import { WizardInputError, WizardStepError } from './wizard-errors'

const HOST_DIR = fileURLToPath(new URL('../..', import.meta.url))

const USAGE = `Usage: bun run or3-cloud init [options]

Without options, asks in the terminal. With --yes it asks nothing: name a preset (or the
providers) and pass the keys it needs with --set or in the environment.

  --preset <name>        ${PRESET_NAMES.join(' | ')}
  --auth <id> --sync <id> --storage <id>
                         a selection one surface at a time (none turns one off)
  --set KEY=VALUE        a setting for the env file (repeatable)
  --yes                  ask nothing; a missing required key is an error
  --dry-run              show what would change; change nothing
  --no-build             skip the build and the boot check
  --packages <dir>       install providers from packed tarballs (a host outside the OR3 workspace)
  --env-file <path>      default: .env in the host
  --host <dir>           the OR3 app folder (default: ${HOST_DIR})

Presets:
${PRESET_NAMES.map((name) => {
  const needs = requiredInput(PRESETS[name])
  return `  ${name.padEnd(18)} ${PRESET_SUMMARIES[name]}${needs.length ? `\n  ${''.padEnd(18)} needs ${needs.join(', ')}` : ''}`
}).join('\n')}`

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: 'string' },
        auth: { type: 'string' },
        sync: { type: 'string' },
        storage: { type: 'string' },
        set: { type: 'string', multiple: true, default: [] },
        yes: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        packages: { type: 'string' },
        'env-file': { type: 'string' },
        host: { type: 'string', default: HOST_DIR },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') {
    console.error(`${positionals.length ? `Unknown command: ${positionals.join(' ')}.` : 'Name a command: init.'}\n\n${USAGE}`)
    return 2
  }

  const interactive = !values.yes && Boolean(process.stdin.isTTY && process.stdout.isTTY)
  if (!values.yes && !interactive) {
    console.error('There is no terminal to ask in: pass --yes with --preset (and --set for the keys it needs).')
    return 2
  }
  const reporter = interactive ? terminalReporter() : plainReporter()
  if (interactive) startTerminal()
  try {
    const set = parseSetPairs(values.set)
    const providers = Object.fromEntries(
      (['auth', 'sync', 'storage'] as const).filter((surface) => values[surface] !== undefined).map((surface) => [surface, values[surface]]),
    )
    await runInit({
      hostDir: values.host,
      preset: values.preset,
      providers,
      yes: values.yes,
      set,
      dryRun: values['dry-run'],
      packagesDir: values.packages,
      build: !values['no-build'],
      envFile: values['env-file'],
      environment: process.env,
      reporter,
      prompter: interactive ? terminalPrompter() : null,
    })
    return 0
  } catch (error) {
    if (error instanceof WizardCancelled) return 1
    if (error instanceof WizardInputError) {
      console.error(error.message)
      return 2
    }
    if (error instanceof WizardStepError) {
      console.error(error.message)
      if (error.detail) console.error(`\n${error.detail}`)
      return 1
    }
    throw error
  }
}

function parseSetPairs(pairs: string[]): Record<string, string> {
  const set: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    // Never echo the argument: without its '=' it may be a pasted secret.
    if (at <= 0) throw new WizardInputError("--set takes KEY=VALUE, and one of them has no variable name before an '='.")
    set[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return set
}

process.exit(await main(process.argv.slice(2)))
