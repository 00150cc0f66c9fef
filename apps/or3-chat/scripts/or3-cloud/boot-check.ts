import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Or3CloudConfig } from 'or3-provider-kit'
import type { ProviderSelection } from '../../shared/config/presets'
import type { HostLayout } from './host-layout'
import { lastLines, runStep } from './run-step'
import { WizardStepError } from './wizard-errors'

/**
 * Builds the host with the installed providers: in the OR3 workspace `bun run build` (the
 * packages, then the host, with the stamp `bun run start` reuses), elsewhere `nuxt build`.
 */
export function buildHost(layout: HostLayout): void {
  if (layout.source.kind === 'workspace') {
    runStep({ cmd: ['bun', 'run', 'build'], cwd: layout.source.root, what: 'Building OR3' })
  } else {
    runStep({ cmd: ['bun', '--bun', 'nuxt', 'build'], cwd: layout.hostDir, env: { NODE_ENV: 'production' }, what: 'Building OR3' })
  }
}

/**
 * The server's own boot check (`OR3_CHECK_CONFIG=1`): the built server resolves its config from
 * `settings`, checks it against the registered providers exactly as a real start does, and prints
 * the config. `ownedKeys` are removed from the inherited environment first, so a value the
 * wizard just dropped (or an older env file Bun loaded into this process) cannot leak in.
 */
export function checkBoot(hostDir: string, settings: Record<string, string>, ownedKeys: Iterable<string>): Or3CloudConfig {
  const entry = join(hostDir, '.output/server/index.mjs')
  if (!existsSync(entry)) throw new WizardStepError(`There is no build to check in ${hostDir}/.output: build it first.`)
  const owned = new Set(ownedKeys)
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !owned.has(key)))
  const result = Bun.spawnSync(['bun', entry], {
    cwd: hostDir,
    env: { ...env, ...settings, NODE_ENV: 'production', OR3_CHECK_CONFIG: '1' },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const stdout = result.stdout.toString()
  const stderr = result.stderr.toString()
  if (result.exitCode !== 0) {
    const reason = /\[or3\] cannot start:\n([\s\S]*)/.exec(stderr)?.[1]?.trim() ?? lastLines(`${stdout}${stderr}`, 20)
    throw new WizardStepError(`The server refuses to start with this setup: ${reason}`)
  }
  const line = stdout.split('\n').reverse().find((text) => text.startsWith('{"enabled"'))
  if (!line) throw new WizardStepError('The boot check printed no configuration.', lastLines(`${stdout}${stderr}`, 20))
  return JSON.parse(line) as Or3CloudConfig
}

/** The providers the checked config runs, in the wizard's words; throws when they are not the selection. */
export function confirmSelection(config: Or3CloudConfig, selection: ProviderSelection): string {
  const runs = { auth: config.auth.provider, sync: config.sync.provider, storage: config.storage.provider }
  const matches = runs.auth === selection.auth && runs.sync === selection.sync && runs.storage === selection.storage
  const words = `auth ${runs.auth ?? 'none'}, sync ${runs.sync ?? 'none'}, storage ${runs.storage ?? 'none'}`
  if (!matches) {
    throw new WizardStepError(`The built server would run ${words}, not the selection: an explicit OR3_*_PROVIDER in your environment may override it.`)
  }
  return `${words}${config.enabled ? '' : ' (cloud mode off)'}`
}
