/** What one command of a matrix row did: the evidence the decoupling record is written from. */
export interface CommandRun {
  command: string
  exitCode: number
  seconds: number
  output: string
}

export class CommandFailed extends Error {
  constructor(readonly run: CommandRun, what: string) {
    super(`${what} failed (${run.command} exited with ${run.exitCode}):\n${run.output.trimEnd().split('\n').slice(-60).join('\n')}`)
  }
}

/** Runs a command to the end, printing one line with its time; a non-zero exit throws CommandFailed. */
export function runLogged(cmd: string[], cwd: string, what: string, env: Record<string, string> = {}): CommandRun {
  const started = performance.now()
  const result = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, CI: 'true', ...env } })
  const run: CommandRun = {
    command: cmd.join(' '),
    exitCode: result.exitCode ?? 1,
    seconds: (performance.now() - started) / 1000,
    output: `${result.stdout.toString()}${result.stderr.toString()}`,
  }
  if (run.exitCode !== 0) throw new CommandFailed(run, what)
  console.log(`  ${what}: ok (${run.seconds.toFixed(1)} s)`)
  return run
}
