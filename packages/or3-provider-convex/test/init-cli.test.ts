import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readTemplates } from '../src/cli/backend-templates'
import { runCli } from '../src/cli/main'

// `or3-provider-convex init` in a temporary host repository.

let host: string
let outside: string

function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = runCli(argv, { cwd: host, out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const backendFile = (path: string) => join(host, 'convex-backend', path)

beforeEach(() => {
  host = mkdtempSync(join(tmpdir(), 'or3-init-host-'))
  outside = mkdtempSync(join(tmpdir(), 'or3-init-outside-'))
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host-app', dependencies: { nuxt: '^4.5.0' } }))
})
afterEach(() => {
  rmSync(host, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describe('or3-provider-convex init', () => {
  it('creates the backend folder with every template, its own package.json and .gitignore, and prints next steps', () => {
    const { code, out } = run('init')
    expect(code, 'succeeds').toBe(0)
    for (const file of readTemplates()) {
      expect(readFileSync(backendFile(file.path)).equals(file.content), `${file.path} is the template`).toBe(true)
    }
    expect(existsSync(backendFile('.gitignore')) && !existsSync(backendFile('gitignore')), 'gitignore gets its dot back').toBe(true)
    expect(readFileSync(backendFile('.gitignore'), 'utf8'), '_generated stays out of git').toMatch(/^convex\/_generated\/$/m)
    expect(JSON.parse(readFileSync(backendFile('package.json'), 'utf8')).dependencies.convex, 'the backend lists convex').toBeDefined()
    expect(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).dependencies, "the host's package.json is untouched").toEqual({ nuxt: '^4.5.0' })
    expect(existsSync(backendFile('convex/_generated')), 'no generated code is copied').toBe(false)
    expect(out, 'next steps name codegen, the deployment env and the URL').toMatch(/bun run codegen[\s\S]*OR3_JWKS[\s\S]*OR3_CONVEX_URL/)
  })

  it('running it again changes nothing; a changed file is a conflict and nothing is written', () => {
    run('init')
    expect(run('init').code, 'a second run over identical files').toBe(0)
    writeFileSync(backendFile('convex/sync.ts'), '// my local change\n')
    rmSync(backendFile('convex/jobs.ts'))
    const { code, err } = run('init')
    expect(code, 'refused').toBe(1)
    expect(err, 'names the differing file and the way out').toMatch(/convex-backend\/convex\/sync\.ts[\s\S]*--update[\s\S]*--force/)
    expect(readFileSync(backendFile('convex/sync.ts'), 'utf8'), 'the local change is kept').toBe('// my local change\n')
    expect(existsSync(backendFile('convex/jobs.ts')), 'not even missing files are written on a conflict').toBe(false)
  })

  it('--update writes only missing files and lists the differing ones; --force replaces them', () => {
    run('init')
    writeFileSync(backendFile('convex/sync.ts'), '// my local change\n')
    rmSync(backendFile('convex/jobs.ts'))
    const update = run('init', '--update')
    expect(update.code, '--update succeeds').toBe(0)
    expect(update.out, 'reports the created file and the kept one').toMatch(/created\s+convex-backend\/convex\/jobs\.ts[\s\S]*kept[\s\S]*convex\/sync\.ts/)
    expect(readFileSync(backendFile('convex/sync.ts'), 'utf8'), '--update keeps local changes').toBe('// my local change\n')
    expect(existsSync(backendFile('convex/jobs.ts')), '--update restores missing files').toBe(true)
    const force = run('init', '--force')
    expect(force.out, '--force reports the replacement').toMatch(/replaced convex-backend\/convex\/sync\.ts/)
    const template = readTemplates().find((file) => file.path === 'convex/sync.ts')!
    expect(readFileSync(backendFile('convex/sync.ts')).equals(template.content), '--force restores the template').toBe(true)
  })

  it('--dir puts the backend elsewhere inside the repository', () => {
    expect(run('init', '--dir', 'services/convex').code).toBe(0)
    expect(existsSync(join(host, 'services/convex/convex/schema.ts')), 'written under --dir').toBe(true)
  })

  it('refuses paths that leave the host repository: .., absolute, the root itself, a symlink out', () => {
    for (const dir of ['../escape', '/tmp/elsewhere', '.', 'a/../../escape']) {
      const { code, err } = run('init', '--dir', dir)
      expect([code, err], `--dir ${dir}`).toEqual([2, expect.stringMatching(/^Refused: /)])
    }
    symlinkSync(outside, join(host, 'linked'))
    expect(run('init', '--dir', 'linked/backend').code, 'a folder behind a symlink to outside').toBe(2)
    mkdirSync(backendFile('convex'), { recursive: true })
    symlinkSync(join(outside, 'stolen.ts'), backendFile('convex/schema.ts'))
    const { code, err } = run('init')
    expect([code, err], 'a template file that is a symlink out').toEqual([2, expect.stringMatching(/link that leaves the host repository/)])
    expect(existsSync(join(outside, 'stolen.ts')), 'nothing was written outside').toBe(false)
  })

  it('unknown flags, commands and contradictory flags are errors with usage; --help prints it', () => {
    for (const argv of [['init', '--yes'], ['deploy'], [], ['init', '--update', '--force'], ['init', 'extra']]) {
      const { code, err } = run(...argv)
      expect([code, err], argv.join(' ') || '(no arguments)').toEqual([2, expect.stringMatching(/Usage: or3-provider-convex init/)])
    }
    expect(existsSync(backendFile('package.json')), 'nothing was written').toBe(false)
    const help = run('--help')
    expect([help.code, help.out], '--help').toEqual([0, expect.stringMatching(/--update[\s\S]*--force/)])
  })
})
