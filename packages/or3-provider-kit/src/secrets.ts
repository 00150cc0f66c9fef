import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { withDataPath } from './data-dir-errors.ts'

/** Where embedded providers keep their files: `OR3_DATA_DIR`, or `.data/` under the working directory. */
export function resolveDataDir(env: Record<string, string | undefined>): string {
  return resolve(env.OR3_DATA_DIR || '.data')
}

/**
 * Creates `dir` (and parents) readable by the owner only. A folder that cannot be made (read-only,
 * full, a file in the way) is a DataDirError naming it.
 */
export function ensurePrivateDir(dir: string, setting?: string): string {
  return withDataPath(
    dir,
    () => {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      chmodSync(dir, 0o700)
      return dir
    },
    setting,
  )
}

export interface SecretOptions {
  env: Record<string, string | undefined>
  /** Env var that, when set, wins over the generated value (e.g. `OR3_BASIC_AUTH_SECRET`). */
  envVar: string
  /** Key in the secrets file. */
  name: string
  /** Random bytes to generate; the secret is their base64url text. */
  bytes?: number
}

/**
 * A secret from env, or generated once and kept in `<data dir>/secrets.json` (mode 0600) so the
 * next run reuses it. The value is never logged.
 */
export function resolveSecret({ env, envVar, name, bytes = 32 }: SecretOptions): string {
  const fromEnv = env[envVar]
  if (fromEnv) {
    if (fromEnv.length < 32) {
      throw new Error(`${envVar} must be at least 32 characters long`)
    }
    return fromEnv
  }
  return storedSecret(env, name, () => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url'))
}

/**
 * The secret `name` of `<data dir>/secrets.json` (mode 0600), made by `generate` and written on
 * first use. The file is replaced by a rename, and a write that fails (a full or read-only disk)
 * removes its temp file, so it is either whole or absent. Never logged.
 */
export function storedSecret(env: Record<string, string | undefined>, name: string, generate: () => string): string {
  const file = join(ensurePrivateDir(resolveDataDir(env)), 'secrets.json')
  const secrets = readSecrets(file)
  const existing = secrets[name]
  if (existing) return existing
  const generated = generate()
  // Re-read right before writing: another provider of this process may have added its own.
  const next = { ...readSecrets(file), [name]: generated }
  const tmp = `${file}.${process.pid}.tmp`
  withDataPath(file, () => {
    try {
      writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
      renameSync(tmp, file)
    } catch (error) {
      rmSync(tmp, { force: true })
      throw error
    }
    chmodSync(file, 0o600)
  })
  return next[name] as string
}

function readSecrets(file: string): Record<string, string> {
  if (!existsSync(file)) return {}
  const parsed: unknown = JSON.parse(withDataPath(file, () => readFileSync(file, 'utf8')))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} is not a JSON object of secrets; fix or remove it`)
  }
  return parsed as Record<string, string>
}
