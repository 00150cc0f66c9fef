import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { overridesFromLock } from '../../../scripts/lib/locked-versions'

// A deployment's path, from packed tarballs into a fresh host repository: the host installs the
// provider, `or3-provider-convex init` writes the backend folder, the backend installs convex and
// generates `_generated/` with no network at all (no Convex account or cloud is asked), and the
// exported deployment double runs the host's own backend folder.

const packagesDir = resolve(import.meta.dirname, '../..')
/** Third-party versions as the workspace lock has them, so a fresh host with no lock cannot drift. */
const { overrides: LOCKED } = overridesFromLock(resolve(packagesDir, '../bun.lock'), (name) => name.startsWith('or3-provider-'))

function pinToLock(manifestPath: string) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, overrides: { ...LOCKED, ...manifest.overrides } }, null, 2))
}
const work = mkdtempSync(join(tmpdir(), 'or3-convex-packed-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Any attempt to leave the machine fails at once: a proxy on a port nothing listens on. */
const NO_NETWORK = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
}

function run(cmd: string[], cwd: string, env: Record<string, string> = {}) {
  const result = Bun.spawnSync(cmd, { cwd, env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'pipe' })
  const output = `${result.stdout.toString()}${result.stderr.toString()}`
  if (result.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed in ${cwd}:\n${output}`)
  return output
}

function pack(name: string, destination: string): string {
  const dir = join(packagesDir, name)
  if (!existsSync(join(dir, 'dist'))) throw new Error(`${name} is not built: run bun run build:packages first`)
  const before = new Set(readdirSync(destination))
  run(['bun', 'pm', 'pack', '--destination', destination, '--quiet'], dir)
  return join(destination, readdirSync(destination).find((file) => !before.has(file) && file.endsWith('.tgz'))!)
}

describe('a fresh host from packed tarballs', () => {
  it('installs the provider, runs init, generates the backend offline and runs it on the exported double', { timeout: 180_000 }, () => {
    const tarballs = join(work, 'tarballs')
    const host = join(work, 'host')
    mkdirSync(tarballs)
    mkdirSync(host)
    const kit = pack('or3-provider-kit', tarballs)
    const provider = pack('or3-provider-convex', tarballs)
    const hostManifest = {
      name: 'fresh-host',
      private: true,
      dependencies: { 'or3-provider-kit': `file:${kit}`, 'or3-provider-convex': `file:${provider}` },
      overrides: LOCKED,
    }
    writeFileSync(join(host, 'package.json'), JSON.stringify(hostManifest, null, 2))

    // A fresh host has no lock: the workspace lock's versions are its overrides, so nothing
    // drifts. Bun still needs each package's manifest: cached ones are used, a missing one is
    // fetched from the registry (a frozen workspace install caches tarballs, not manifests, so a
    // strict --offline passed only when another install had run first). Peers (nuxt) are the host
    // app's business.
    run(['bun', 'install', '--prefer-offline', '--omit=peer'], host)
    // The bin is a Node script (`#!/usr/bin/env node`): it runs on the machine's Node 20 too.
    const init = run([join(host, 'node_modules/.bin/or3-provider-convex'), 'init'], host)
    expect(init, 'init prints the next steps').toMatch(/Next steps/)

    const backend = join(host, 'convex-backend')
    pinToLock(join(backend, 'package.json'))
    run(['bun', 'install', '--prefer-offline'], backend)
    run(['bun', 'run', 'codegen'], backend, NO_NETWORK)
    const api = readFileSync(join(backend, 'convex/_generated/api.d.ts'), 'utf8')
    expect(api, 'the generated API names the OR3 modules').toMatch(/typeof sync[\s\S]*typeof workspaces/)
    expect(readFileSync(join(backend, '.gitignore'), 'utf8'), 'and keeps them out of git').toMatch(/convex\/_generated\//)

    const hostDependencies = Object.keys(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).dependencies)
    expect(hostDependencies.filter((name) => name.startsWith('convex')), "the host's package.json lists no convex").toEqual([])

    writeFileSync(
      join(host, 'check-double.ts'),
      `import { createTestIssuer, startDeploymentDouble } from 'or3-provider-convex/testing'
const issuer = await createTestIssuer()
const double = await startDeploymentDouble({ functionsDir: ${JSON.stringify(join(backend, 'convex'))}, env: issuer.env() })
const token = await issuer.mint({ sub: 'fresh', email: 'fresh@example.test' })
const response = await fetch(double.url + '/api/mutation', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
  body: JSON.stringify({ path: 'users:getOrCreate', format: 'convex_encoded_json', args: [{}] }),
})
console.log(JSON.stringify(await response.json()))
await double.stop()
`,
    )
    const answer = JSON.parse(run(['bun', 'check-double.ts'], host, NO_NETWORK).trim().split('\n').pop()!)
    expect(answer, "the host's backend folder runs on the double from the installed package").toMatchObject({
      status: 'success',
      value: { created: true, user: { email: 'fresh@example.test', isAdmin: true } },
    })
  })
})
