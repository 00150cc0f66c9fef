import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A throwaway PostgreSQL cluster owned by the test run: Debian's server binaries, `initdb` into a
 * temporary folder, listening only on a unix socket in that folder (no TCP port to collide with
 * another run), stopped and removed by `stop()`. `initdb` refuses to run as root, so under root the
 * cluster runs as an unprivileged OS user (Debian's `postgres`, else one created for the tests).
 */
export interface PostgresCluster {
  /** The folder holding the unix socket: the `host` to connect to. */
  socketDir: string
  port: number
  /** A superuser that can connect without a password over the socket. */
  user: string
  database: string
  stop(): void
}

const PORT = 5432
const SUPERUSER = 'or3'
const TEST_OS_USER = 'or3-postgres-test'
const MIN_MAJOR = 15

/** `OR3_POSTGRES_BIN`, else the newest Debian install under /usr/lib/postgresql (15 or later). */
export function findPostgresBin(): string {
  const fromEnv = process.env.OR3_POSTGRES_BIN?.trim()
  if (fromEnv) return fromEnv
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((major) => Number.isInteger(major) && major >= MIN_MAJOR && existsSync(join(root, String(major), 'bin', 'initdb')))
        .sort((a, b) => b - a)
    : []
  if (majors.length === 0) {
    throw new Error(
      `No PostgreSQL ${MIN_MAJOR}+ server under ${root}. Install Debian's postgresql package (.ci/run does), or set OR3_POSTGRES_BIN to its bin folder.`,
    )
  }
  return join(root, String(majors[0]), 'bin')
}

function run(command: string[], what: string): string {
  const [file, ...args] = command as [string, ...string[]]
  const result = spawnSync(file, args, { encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status ?? result.signal}):\n${result.stdout ?? ''}${result.stderr ?? result.error ?? ''}`)
  }
  return result.stdout
}

/** The unprivileged OS user the cluster runs as, when this process is root; created if missing. */
function clusterOsUser(): string | null {
  if (process.getuid?.() !== 0) return null
  for (const name of ['postgres', TEST_OS_USER]) {
    if (spawnSync('id', ['-u', name]).status === 0) return name
  }
  run(['useradd', '--system', '--no-create-home', '--shell', '/usr/sbin/nologin', TEST_OS_USER], `creating the OS user ${TEST_OS_USER}`)
  return TEST_OS_USER
}

function idOf(user: string, flag: '-u' | '-g'): number {
  return Number(run(['id', flag, user], `looking up ${user}`).trim())
}

export function startPostgresCluster(): PostgresCluster {
  const bin = findPostgresBin()
  const osUser = clusterOsUser()
  const asOwner = (command: string[]) => (osUser ? ['runuser', '-u', osUser, '--', ...command] : command)
  const dir = mkdtempSync(join(tmpdir(), 'or3-pg-'))
  if (osUser) chownSync(dir, idOf(osUser, '-u'), idOf(osUser, '-g'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')

  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [file, ...args] = asOwner([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']) as [string, ...string[]]
      spawnSync(file, args)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    run(asOwner([join(bin, 'initdb'), '-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']), 'initdb')
    // A test cluster: durability off for speed (it is deleted at the end), no TCP, enough
    // connections for every pool the suites open.
    const serverOptions = `-c listen_addresses= -k ${dir} -p ${PORT} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
    run(asOwner([join(bin, 'pg_ctl'), '-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start']), 'starting PostgreSQL')
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : ''
    stop()
    throw new Error(`${(error as Error).message}\n${serverLog}`, { cause: error })
  }
  return { socketDir: dir, port: PORT, user: SUPERUSER, database: 'postgres', stop }
}
