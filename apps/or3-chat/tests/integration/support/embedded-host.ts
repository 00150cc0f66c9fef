import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HOST_DIR, HOST_SERVER_ENTRY } from './paths'
import { startServer, type RunningServer } from './start-server'

export interface EmbeddedServer extends RunningServer {
  dataDir: string
}

/**
 * The real host build on the embedded default (basic-auth, sqlite, fs), with its data in a
 * fresh temp dir unless one is given (restarts reuse it).
 */
export async function startEmbeddedHost(env: Record<string, string> = {}, dataDir?: string): Promise<EmbeddedServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'or3-embedded-'))
  const server = await startServer({
    entry: HOST_SERVER_ENTRY,
    cwd: HOST_DIR,
    env: { OR3_DATA_DIR: dir, OR3_PRESET: 'embedded', ...env },
  })
  return {
    ...server,
    dataDir: dir,
    async stop() {
      await server.stop()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
