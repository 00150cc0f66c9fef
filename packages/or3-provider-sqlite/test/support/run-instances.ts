import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('./instance-worker.ts', import.meta.url))

interface InstanceRun<T> {
  result: T
  startedAt: number
  endedAt: number
}

/**
 * Runs `task` in two separate Bun processes against the same database file at the same time, and
 * returns what each printed. Separate processes have separate connections; the runs must really
 * have overlapped in time, or the test proves nothing about concurrency and fails here.
 */
export async function runTwoInstances<T>(task: 'push' | 'users', path: string): Promise<[T, T]> {
  const startAt = String(Date.now() + 750)
  const run = async (label: string): Promise<InstanceRun<T>> => {
    const child = Bun.spawn([process.execPath, WORKER, task, path, startAt, label], { stdout: 'pipe', stderr: 'pipe' })
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ])
    if (code !== 0) throw new Error(`instance ${label} exited with ${code}:\n${stderr}`)
    return JSON.parse(stdout) as InstanceRun<T>
  }
  const [a, b] = await Promise.all([run('instance-a'), run('instance-b')])
  if (!(a.startedAt < b.endedAt && b.startedAt < a.endedAt)) {
    throw new Error(
      `the two instances did not overlap (a: ${a.startedAt}-${a.endedAt}, b: ${b.startedAt}-${b.endedAt}); make the task longer`,
    )
  }
  return [a.result, b.result]
}
