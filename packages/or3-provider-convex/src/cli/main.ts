import { parseArgs } from 'node:util'
import { DEFAULT_BACKEND_DIR, UnsafePathError } from './backend-templates'
import { runInit, type InitMode } from './init'

const USAGE = `Usage: or3-provider-convex init [--update | --force] [--dir <folder>]

Puts OR3's Convex functions into this repository, in their own backend folder
(default ${DEFAULT_BACKEND_DIR}/, with its own package.json and convex.json).

  --update        write only missing files; list the ones that differ
  --force         replace files that differ from the templates
  --dir <folder>  the backend folder, relative to this directory
  --help          show this text`

interface CliIo {
  cwd: string
  out: (line: string) => void
  err: (line: string) => void
}

/** The CLI without process globals, so tests run it in a temporary host. Returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        update: { type: 'boolean' },
        force: { type: 'boolean' },
        dir: { type: 'string' },
        help: { type: 'boolean' },
      },
    })
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.out(USAGE)
    return 0
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') {
    io.err(`${positionals.length === 0 ? 'Name a command.' : `Unknown command: ${positionals.join(' ')}`}\n\n${USAGE}`)
    return 2
  }
  if (values.update && values.force) {
    io.err(`--update and --force exclude each other.\n\n${USAGE}`)
    return 2
  }
  const mode: InitMode = values.force ? 'force' : values.update ? 'update' : 'create'
  try {
    const result = runInit({ hostRoot: io.cwd, backendDir: values.dir, mode })
    for (const line of result.lines) (result.exitCode === 0 ? io.out : io.err)(line)
    return result.exitCode
  } catch (error) {
    if (error instanceof UnsafePathError) {
      io.err(`Refused: ${error.message}`)
      return 2
    }
    throw error
  }
}
