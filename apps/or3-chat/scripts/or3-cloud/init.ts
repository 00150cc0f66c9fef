import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { isPresetName, PRESET_NAMES, PRESETS, type PresetName, type ProviderSelection } from '../../shared/config/presets'
import { buildHost, checkBoot, confirmSelection } from './boot-check'
import { collectSettings, type CollectedSettings } from './collect-settings'
import { BACKEND_DIR, backendDir, DEPLOYMENT_ENV_FILE, deploymentEnvFor, prepareConvexBackend } from './convex-backend'
import { readEnvFile, renderEnvFile } from './env-file'
import { FileTransaction } from './file-transaction'
import { detectLayout, type HostLayout } from './host-layout'
import { installDependencies, planDependencies, readHostManifest, reinstall, type DependencyPlan } from './provider-install'
import { describeSelection, moduleIdsFor, packagesFor, presetMatching, validateSelection } from './selection'
import { findSetting, SETTINGS } from './settings'
import type { Prompter, Reporter } from './terminal'
import { WizardInputError, WizardStepError } from './wizard-errors'

export interface InitOptions {
  hostDir: string
  preset?: string
  /** `--auth/--sync/--storage`: a selection one surface at a time (`none` turns one off). */
  providers?: Partial<Record<keyof ProviderSelection, string>>
  yes: boolean
  set: Record<string, string>
  dryRun: boolean
  packagesDir?: string
  build: boolean
  envFile?: string
  environment: Record<string, string | undefined>
  reporter: Reporter
  /** Null without a terminal to ask in (or with --yes). */
  prompter: Prompter | null
}

/** Keys that say which providers run; the wizard owns them as it owns its settings. */
const SELECTION_KEYS = ['OR3_PRESET', 'OR3_AUTH_PROVIDER', 'OR3_SYNC_PROVIDER', 'OR3_STORAGE_PROVIDER', 'OR3_STRICT']

/**
 * `or3-cloud init`: choose providers, install them, write the settings, prepare Convex, build and
 * check with the server's own boot check. Input is validated before anything is written; a step
 * that fails afterwards rolls every file (and the install) back.
 */
export async function runInit(options: InitOptions): Promise<void> {
  const { reporter } = options
  const layout = detectLayout(options.hostDir, options.packagesDir)
  const selection = await chooseSelection(options)
  const preset = presetMatching(selection)
  const envPath = resolve(layout.hostDir, options.envFile ?? '.env')
  if (!existsSync(dirname(envPath))) throw new WizardInputError(`The folder for the env file does not exist: ${dirname(envPath)}.`)
  const existing = readEnvFile(envPath)
  const settings = await collectSettings({
    selection,
    set: options.set,
    environment: options.environment,
    existing: existing.values,
    askOptional: !existing.exists,
    ask: options.prompter ? (spec, required) => options.prompter!.ask(spec, required) : null,
  })
  const packages = packagesFor(selection)
  const plan = planDependencies(layout, readHostManifest(layout), packages)
  const envValues = { ...selectionValues(selection, preset), ...settings.values }
  const owned = new Set([...SELECTION_KEYS, ...SETTINGS.map((spec) => spec.key), ...Object.keys(envValues)])
  const convex = selection.sync === 'convex' || selection.storage === 'convex'

  describePlan(reporter, layout, selection, preset, plan, settings, envPath, convex)
  if (options.dryRun) {
    reporter.end('Dry run: nothing was written or installed.')
    return
  }
  if (options.prompter && !options.yes && !(await options.prompter.confirm('Apply these changes?'))) {
    reporter.end('Nothing was changed.')
    return
  }

  const tx = new FileTransaction()
  let installed = false
  try {
    await reporter.during(`Installing ${packages.length ? packages.join(', ') : 'no provider packages'}`, () => installDependencies(layout, plan, tx))
    installed = true
    if (convex) {
      tx.rememberDir(backendDir(layout))
      const lines = await reporter.during('Preparing the Convex backend folder (init, install, offline codegen)', () => prepareConvexBackend(layout))
      for (const line of lines) reporter.info(`  ${line.trim()}`)
      const deployment = await deploymentEnvFor(layout, selection, settings.values)
      for (const sentence of deployment.skipped) reporter.warn(sentence)
      if (Object.keys(deployment.values).length > 0) {
        const file = join(backendDir(layout), DEPLOYMENT_ENV_FILE)
        const deploymentEnv = readEnvFile(file)
        tx.stage(file, renderEnvFile(deploymentEnv, new Set(Object.keys(deployment.values)), deployment.values, 'what the Convex deployment trusts'), 0o600)
      }
    }
    tx.stage(envPath, renderEnvFile(existing, owned, envValues, preset ? `preset ${preset}` : describeSelection(selection)), 0o600)
    tx.stage(join(layout.hostDir, 'or3.providers.generated.ts'), renderProviderModules(moduleIdsFor(selection)))
    tx.commit()
    reporter.done(`Wrote ${relative(process.cwd(), envPath) || envPath} (mode 0600) and or3.providers.generated.ts`)

    if (!options.build) {
      reporter.warn('Not built (--no-build): the boot check runs after a build.')
      reporter.end(nextCommand(layout, convex, false))
      return
    }
    await reporter.during('Building OR3 with the selected providers', () => buildHost(layout))
    const runs = await reporter.during("Checking with the server's own boot check", () =>
      confirmSelection(checkBoot(layout.hostDir, envValues, owned), selection),
    )
    reporter.done(`The server starts with ${runs}.`)
    reporter.end(nextCommand(layout, convex, true))
  } catch (error) {
    tx.rollback()
    if (installed) {
      try {
        reinstall(layout)
      } catch (restoreError) {
        reporter.warn(`Putting the previous packages back failed too; run \`bun install\` in ${layout.installDir}. ${(restoreError as Error).message}`)
      }
    }
    if (error instanceof WizardStepError) {
      throw new WizardStepError(`${error.message} Everything was put back as it was${options.build && installed ? ' (the last build is of the refused setup: build again)' : ''}.`, error.detail)
    }
    throw error
  }
}

async function chooseSelection(options: InitOptions): Promise<ProviderSelection> {
  let selection: ProviderSelection
  if (options.preset !== undefined) {
    if (!isPresetName(options.preset)) {
      throw new WizardInputError(`Unknown preset '${options.preset}': choose one of ${PRESET_NAMES.join(', ')}.`)
    }
    selection = { ...PRESETS[options.preset as PresetName] }
  } else if (options.providers && Object.keys(options.providers).length > 0) {
    const id = (value: string | undefined) => (value === undefined || value === 'none' ? null : value)
    selection = { auth: id(options.providers.auth), sync: id(options.providers.sync), storage: id(options.providers.storage) }
  } else if (options.prompter && !options.yes) {
    selection = await options.prompter.chooseSelection()
  } else {
    throw new WizardInputError(`Name a preset with --preset (${PRESET_NAMES.join(', ')}) or the providers with --auth, --sync and --storage.`)
  }
  const invalid = validateSelection(selection)
  if (invalid) throw new WizardInputError(invalid)
  return selection
}

/** A preset is named as one; any other selection is written surface by surface, strict. */
function selectionValues(selection: ProviderSelection, preset: PresetName | undefined): Record<string, string> {
  if (preset) return { OR3_PRESET: preset }
  return {
    OR3_AUTH_PROVIDER: selection.auth ?? 'none',
    OR3_SYNC_PROVIDER: selection.sync ?? 'none',
    OR3_STORAGE_PROVIDER: selection.storage ?? 'none',
    OR3_STRICT: 'true',
  }
}

export function renderProviderModules(moduleIds: string[]): string {
  const list = moduleIds.length ? `[\n${moduleIds.map((id) => `  '${id}',`).join('\n')}\n]` : '[]'
  return [
    '// Written by the or3-cloud setup: the provider Nuxt modules this deployment includes.',
    '// Package module ids only (never source paths); edit by hand only if you know what you select.',
    `export const or3ProviderModules: string[] = ${list}`,
    '',
  ].join('\n')
}

function describePlan(
  reporter: Reporter,
  layout: HostLayout,
  selection: ProviderSelection,
  preset: PresetName | undefined,
  plan: DependencyPlan,
  settings: CollectedSettings,
  envPath: string,
  convex: boolean,
): void {
  const from = { workspace: 'the workspace', tarballs: `tarballs in ${layout.source.kind === 'tarballs' ? layout.source.dir : ''}`, registry: 'the npm registry' }[layout.source.kind]
  reporter.step(`${preset ? `Preset ${preset}` : 'Custom selection'}: ${describeSelection(selection)}`)
  reporter.info(
    [
      `Packages (from ${from}): ${[...plan.kept.map((p) => `${p} (installed)`), ...plan.added.map((p) => `+ ${p}`), ...plan.removed.map((p) => `- ${p}`)].join(', ') || 'none'}`,
      `Settings for ${envPath} (mode 0600):`,
      ...Object.entries(settings.values).map(([key, value]) => `  ${key} = ${findSetting(key)?.secret ? '•••••••• (secret, not shown)' : value} [${settings.sources[key]}]`),
      ...(convex ? [`Convex: or3-provider-convex init --update into ${BACKEND_DIR}/, its install and offline codegen, ${BACKEND_DIR}/${DEPLOYMENT_ENV_FILE}`] : []),
    ].join('\n'),
  )
}

function nextCommand(layout: HostLayout, convex: boolean, built: boolean): string {
  const inWorkspace = layout.source.kind === 'workspace'
  const lines = [built ? 'Next:' : 'Next: build, then start:']
  if (convex) {
    const dir = inWorkspace || !existsSync(join(layout.repoRoot, BACKEND_DIR)) ? BACKEND_DIR : relative(process.cwd(), backendDir(layout))
    lines.push(`  cd ${dir} && bun run env:set --from-file ${DEPLOYMENT_ENV_FILE} --force && CONVEX_DEPLOY_KEY=<deploy key> bun run deploy`)
  }
  if (inWorkspace) {
    lines.push('  bun run start')
  } else {
    const here = relative(process.cwd(), layout.hostDir)
    lines.push(`  ${here ? `cd ${here} && ` : ''}${built ? '' : 'bun run build && '}bun run serve`)
  }
  return lines.join('\n')
}
