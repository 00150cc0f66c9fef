import type { ProviderSelection } from '../../shared/config/presets'
import { findSetting, ownersFor, settingsFor, validateStorable, type SettingSpec } from './settings'
import { WizardInputError } from './wizard-errors'

export type SettingSource = 'set' | 'environment' | 'env file' | 'generated' | 'asked'

export interface CollectedSettings {
  values: Record<string, string>
  sources: Record<string, SettingSource>
}

export interface CollectInput {
  selection: ProviderSelection
  /** `--set KEY=VALUE` pairs. */
  set: Record<string, string>
  environment: Record<string, string | undefined>
  /** The env file as it is now. */
  existing: Record<string, string>
  /** Whether optional settings are asked too (the first run for this env file). */
  askOptional: boolean
  /** Asks for one setting (null: do not ask; the wizard runs with --yes or without a terminal). */
  ask: ((spec: SettingSpec, required: boolean) => Promise<string | undefined>) | null
}

/**
 * The value of every setting the selection uses, from, in order: `--set`, the environment, the
 * env file, a generator (random secrets), or the person at the terminal. A required setting left
 * without a value, or any invalid value, is a WizardInputError naming it.
 */
export async function collectSettings(input: CollectInput): Promise<CollectedSettings> {
  const owners = ownersFor(input.selection)
  for (const [key, value] of Object.entries(input.set)) {
    const spec = findSetting(key)
    if (spec && !owners.has(spec.owner)) {
      throw new WizardInputError(`${key} is a setting of ${spec.owner}, which this selection does not use: drop --set ${key}.`)
    }
    check(key, value, spec)
  }

  const values: Record<string, string> = {}
  const sources: Record<string, SettingSource> = {}
  const take = (key: string, value: string | undefined, source: SettingSource) => {
    if (value === undefined || value === '' || key in values) return
    values[key] = value
    sources[key] = source
  }
  for (const spec of settingsFor(input.selection)) {
    take(spec.key, input.set[spec.key], 'set')
    take(spec.key, input.environment[spec.key]?.trim(), 'environment')
    take(spec.key, input.existing[spec.key], 'env file')
    if (spec.key in values) {
      check(spec.key, values[spec.key]!, spec)
      continue
    }
    if (spec.generate) {
      take(spec.key, spec.generate(), 'generated')
      continue
    }
    const required = spec.required(input.selection)
    if (input.ask && spec.prompt && (required || input.askOptional)) take(spec.key, await input.ask(spec, required), 'asked')
    if (!(spec.key in values) && spec.required(input.selection)) {
      throw new WizardInputError(
        `${spec.key} is required here (${lowerFirst(spec.label)}): pass --set ${spec.key}=<value> or set it in the environment.`,
      )
    }
  }
  // Settings the wizard does not know, passed with --set, are written as given.
  for (const [key, value] of Object.entries(input.set)) take(key, value, 'set')
  return { values, sources }
}

function check(key: string, value: string, spec: SettingSpec | undefined): void {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new WizardInputError(`--set takes KEY=VALUE with an upper-case variable name (got '${key}').`)
  const invalid = validateStorable(key, value) ?? spec?.validate?.(value)
  if (invalid) throw new WizardInputError(invalid)
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
