import * as clack from '@clack/prompts'
import { PRESET_NAMES, PRESETS, type ProviderSelection } from '../../shared/config/presets'
import { AUTH_CHOICES, PRESET_SUMMARIES, SYNC_CHOICES, storageChoicesFor, type Choice } from './selection'
import { requiredInput, validateStorable, type SettingSpec } from './settings'

/** How the wizard talks: prompts and a spinner in a terminal, plain lines otherwise (CI, --yes). */
export interface Reporter {
  step(message: string): void
  done(message: string): void
  info(message: string): void
  warn(message: string): void
  /** Runs a long step, showing that it runs. */
  during<T>(message: string, work: () => T | Promise<T>): Promise<T>
  end(message: string): void
}

export interface Prompter {
  chooseSelection(): Promise<ProviderSelection>
  ask(spec: SettingSpec, required: boolean): Promise<string | undefined>
  confirm(message: string): Promise<boolean>
}

/** The person pressed Ctrl+C or Escape: the wizard stops and writes nothing. */
export class WizardCancelled extends Error {}

export function plainReporter(): Reporter {
  return {
    step: (message) => console.log(`• ${message}`),
    done: (message) => console.log(`✓ ${message}`),
    info: (message) => console.log(message),
    warn: (message) => console.warn(`! ${message}`),
    async during(message, work) {
      console.log(`• ${message} …`)
      return await work()
    },
    end: (message) => console.log(message),
  }
}

export function terminalReporter(): Reporter {
  return {
    step: (message) => clack.log.step(message),
    done: (message) => clack.log.success(message),
    info: (message) => clack.log.info(message),
    warn: (message) => clack.log.warn(message),
    async during(message, work) {
      const spinner = clack.spinner()
      spinner.start(message)
      // Let the spinner draw before synchronous work (an install, a build) holds the thread.
      await Bun.sleep(20)
      try {
        const result = await work()
        spinner.stop(message)
        return result
      } catch (error) {
        spinner.error(message)
        throw error
      }
    },
    end: (message) => clack.outro(message),
  }
}

export function terminalPrompter(): Prompter {
  return {
    async chooseSelection() {
      const custom = '__custom__'
      const preset = answer(
        await clack.select<string>({
          message: 'How should OR3 run?',
          options: [
            ...PRESET_NAMES.map((name) => ({ value: name, label: `${name.padEnd(18)} ${PRESET_SUMMARIES[name]}`, hint: needsOf(PRESETS[name]) })),
            { value: custom, label: 'Choose sign-in, sync and storage one by one' },
          ],
        }),
      )
      if (preset !== custom) return PRESETS[preset as keyof typeof PRESETS]
      const auth = await pick('Sign-in', AUTH_CHOICES)
      if (auth === null) return { auth: null, sync: null, storage: null }
      const sync = await pick('Sync and workspaces', SYNC_CHOICES)
      const storage = await pick('Attachments', storageChoicesFor(sync))
      return { auth, sync, storage }
    },
    async ask(spec, required) {
      const options = {
        message: spec.hint ? `${spec.label}\n  (${spec.hint})` : spec.label,
        validate: (value: string | undefined) => {
          if (!value) return required ? 'A value is needed.' : undefined
          return validateStorable(spec.key, value) ?? spec.validate?.(value)
        },
      }
      const value = answer(spec.secret ? await clack.password(options) : await clack.text(options))
      return value === '' ? undefined : value
    },
    async confirm(message) {
      return answer(await clack.confirm({ message }))
    },
  }
}

export function startTerminal(): void {
  clack.intro('OR3 cloud setup')
}

async function pick(message: string, choices: Choice[]): Promise<string | null> {
  const none = '__none__'
  const value = answer(await clack.select<string>({ message, options: choices.map((c) => ({ value: c.id ?? none, label: c.label, hint: c.hint })) }))
  return value === none ? null : value
}

function needsOf(selection: ProviderSelection): string {
  const needed = requiredInput(selection)
  return needed.length ? `needs ${needed.join(', ')}` : 'needs no keys'
}

function answer<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) {
    clack.cancel('Cancelled: nothing was changed.')
    throw new WizardCancelled()
  }
  return value as Exclude<T, symbol>
}
