import { WizardStepError } from './wizard-errors'

export interface StepCommand {
  cmd: string[]
  cwd: string
  env?: Record<string, string | undefined>
  /** What the step does, for the failure sentence ("installing the provider packages"). */
  what: string
}

/** Runs one command of a step, capturing its output; a non-zero exit is a WizardStepError. */
export function runStep({ cmd, cwd, env, what }: StepCommand): string {
  const result = Bun.spawnSync(cmd, {
    cwd,
    env: { ...process.env, CI: 'true', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const output = `${result.stdout.toString()}${result.stderr.toString()}`
  if (result.exitCode !== 0) {
    throw new WizardStepError(`${what} failed (\`${cmd.join(' ')}\` exited with ${result.exitCode}).`, lastLines(output, 40))
  }
  return output
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n')
}
