import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('./instance-worker.ts', import.meta.url))

/**
 * Runs `task` in two separate Bun processes against the same database file at the same time, and
 * returns what each printed. Separate processes have separate connections and truly run at once.
 */
export async function runTwoInstances<T>(task: 'push' | 'users', path: string): Promise<[T, T]> {
  const startAt = String(Date.now() + 750)
  const run = async (label: string): Promise<T> => {
    const child = Bun.spawn([process.execPath, WORKER, task, path, startAt, label], { stdout: 'pipe', stderr: 'pipe' })
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ])
    if (code !== 0) throw new Error(`instance ${label} exited with ${code}:\n${stderr}`)
    return JSON.parse(stdout) as T
  }
  return Promise.all([run('instance-a'), run('instance-b')])
}
