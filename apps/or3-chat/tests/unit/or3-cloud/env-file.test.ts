import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { readEnvFile, renderEnvFile } from '../../../scripts/or3-cloud/env-file'

const dir = mkdtempSync(join(tmpdir(), 'or3-env-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The env as Bun itself loads `.env` from a process's working directory (what the server sees). */
function loadedByBun(text: string, keys: string[]): Record<string, string> {
  writeFileSync(join(dir, '.env'), text)
  const result = Bun.spawnSync(['bun', '-e', `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(keys)}.map((k) => [k, process.env[k]]))))`], {
    cwd: dir,
    env: { PATH: process.env.PATH! },
  })
  return JSON.parse(result.stdout.toString())
}

describe('the env file the wizard writes', () => {
  const pem = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\nhkiG9w0BAQEF\n-----END PUBLIC KEY-----'
  const values = { OR3_PRESET: 'clerk-sqlite', NUXT_CLERK_JWT_KEY: pem, OR3_ALLOWED_ORIGINS: 'https://a.example, https://b.example', OR3_BASIC_AUTH_SECRET: 'a=b+c/d#e' }

  it('is read the same by Bun (the server) and by node:util (the wizard), multi-line keys included', () => {
    const text = renderEnvFile(readEnvFile(join(dir, 'none')), new Set(Object.keys(values)), values, 'preset clerk-sqlite')
    expect(parseEnv(text)).toEqual(values)
    expect(loadedByBun(text, Object.keys(values))).toEqual(values)
  })

  it("keeps the person's own lines, replaces its own block, and drops keys it owns but no longer sets", () => {
    const path = join(dir, 'existing.env')
    const first = renderEnvFile(readEnvFile(path), new Set(['OR3_PRESET', 'NUXT_CLERK_SECRET_KEY']), { OR3_PRESET: 'clerk-sqlite', NUXT_CLERK_SECRET_KEY: 'sk_live_x' }, 'preset clerk-sqlite')
    writeFileSync(path, `${first}# my own\nOR3_LLM_BASE_URL=http://localhost:11434/v1\n`)

    const owned = new Set(['OR3_PRESET', 'NUXT_CLERK_SECRET_KEY', 'OR3_BASIC_AUTH_SECRET'])
    const second = renderEnvFile(readEnvFile(path), owned, { OR3_PRESET: 'embedded', OR3_BASIC_AUTH_SECRET: 'generated' }, 'preset embedded')
    expect(parseEnv(second)).toEqual({ OR3_PRESET: 'embedded', OR3_BASIC_AUTH_SECRET: 'generated', OR3_LLM_BASE_URL: 'http://localhost:11434/v1' })
    expect(second).toContain('# my own\nOR3_LLM_BASE_URL=')
    expect(second.match(/# or3-cloud:/g)).toHaveLength(2)
    expect(second).not.toContain('sk_live_x')
    expect(readFileSync(path, 'utf8')).toContain('sk_live_x')
  })
})
