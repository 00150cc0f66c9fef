import type { Subprocess } from 'bun'
import { FIXTURE_SERVER_ENTRY } from './paths'

export interface RunningServer {
  url: string
  /** The server's process id (benchmarks read its memory from /proc). */
  pid: number
  /** Everything the server printed so far (stdout and stderr). */
  output(): string
  /** Sends a signal without waiting (e.g. SIGKILL to simulate a crash). */
  kill(signal: NodeJS.Signals): void
  stop(): Promise<void>
}

export interface StartOptions {
  env: Record<string, string>
  entry?: string
  cwd?: string
  /** A port chosen beforehand (e.g. with freePort) when the env must name the server's own URL. */
  port?: number
}

/** Starts a built server on a free port and waits until it answers. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { proc, port } = await spawnServer(options)
  const collected = collectOutput(proc)
  const url = `http://127.0.0.1:${port}`
  await waitUntilUp(url, proc, collected)
  return {
    url,
    pid: proc.pid,
    output: () => collected.text,
    kill: (signal) => proc.kill(signal),
    async stop() {
      proc.kill()
      await proc.exited
    },
  }
}

/** Runs a server that is expected to refuse to start; returns its exit code and output. */
export async function runUntilExit(options: StartOptions, timeoutMs = 20_000) {
  const { proc } = await spawnServer(options)
  const collected = collectOutput(proc)
  const timer = setTimeout(() => proc.kill(), timeoutMs)
  const exitCode = await proc.exited
  clearTimeout(timer)
  await collected.done
  return { exitCode, output: collected.text }
}

async function spawnServer({ env, entry = FIXTURE_SERVER_ENTRY, cwd, port: chosen }: StartOptions) {
  const port = chosen ?? (await freePort())
  const proc = Bun.spawn(['bun', entry], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  return { proc, port }
}

function collectOutput(proc: Subprocess<'ignore', 'pipe', 'pipe'>) {
  const state = { text: '', done: Promise.resolve() }
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder()
    for await (const chunk of stream) state.text += decoder.decode(chunk, { stream: true })
  }
  state.done = Promise.all([drain(proc.stdout), drain(proc.stderr)]).then(() => {})
  return state
}

async function waitUntilUp(url: string, proc: Subprocess, collected: { text: string }) {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`Server exited with ${proc.exitCode}:\n${collected.text}`)
    try {
      const response = await fetch(`${url}/api/auth/session`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await Bun.sleep(100)
  }
  proc.kill()
  throw new Error(`Server did not answer within 20 s:\n${collected.text}`)
}

export async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port
  await probe.stop(true)
  if (port === undefined) throw new Error('could not find a free port')
  return port
}
