// `bun run canary`: would a fresh install of OR3 today still build and pass its unit suites?
// Copies the checkout to a temporary folder, drops the lockfile, resolves the newest versions our
// ranges allow, builds, runs the unit suites and reports which packages moved. Not part of
// `bun run test` (that one is locked, so it cannot go red because of the registry).
//
//   bun run canary                  newest versions within our ranges and toolchain pins
//   bun run canary --without-pins   also drops the toolchain pins (can they be lifted yet?)
//   bun run canary --keep           keeps the temporary copy for a closer look
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compareLocks, readLockedVersions } from './lib/locked-versions'

const repoRoot = resolve(import.meta.dir, '..')
const { values } = parseArgs({ options: { 'without-pins': { type: 'boolean' }, keep: { type: 'boolean' } } })

interface StepResult {
  step: string
  ok: boolean
  seconds: number
}

const work = mkdtempSync(join(tmpdir(), 'or3-canary-'))
const results: StepResult[] = []
try {
  copyCheckout(work)
  rmSync(join(work, 'bun.lock'))
  if (values['without-pins']) for (const manifest of ['package.json', 'apps/or3-chat/package.json']) dropPins(join(work, manifest))

  // Deliberately unlocked: resolving today's versions is the point of the canary.
  if (step('install (no lockfile)', ['bun', 'install'], work)) {
    reportMoves(join(work, 'bun.lock'))
    if (step('build', ['bun', 'run', 'build'], work)) {
      step('kit tests', ['bun', '--bun', 'vitest', 'run'], join(work, 'packages/or3-provider-kit'))
      for (const pkg of ['or3-provider-basic-auth', 'or3-provider-sqlite', 'or3-provider-fs']) {
        step(`${pkg} tests`, ['bun', '--bun', 'vitest', 'run'], join(work, 'packages', pkg))
      }
      step('host unit tests', ['bun', '--bun', 'vitest', 'run', '--project', 'unit'], join(work, 'apps/or3-chat'))
    }
  }
} finally {
  if (values.keep) console.log(`\nkept the copy in ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

console.log(`\nCanary${values['without-pins'] ? ' (toolchain pins dropped)' : ''}:`)
for (const r of results) console.log(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.step} (${r.seconds.toFixed(1)} s)`)
const passed = results.every((r) => r.ok)
console.log(passed ? 'A fresh install today builds and passes the unit suites.' : 'A fresh install today is broken: see the failing step above.')
process.exit(passed ? 0 : 1)

function step(name: string, cmd: string[], cwd: string): boolean {
  console.log(`\n==> ${name}: ${cmd.join(' ')}`)
  const started = performance.now()
  const run = Bun.spawnSync(cmd, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } })
  const ok = run.exitCode === 0
  results.push({ step: name, ok, seconds: (performance.now() - started) / 1000 })
  return ok
}

/** The files git knows (tracked and new, not ignored): what a fresh clone of this checkout holds. */
function copyCheckout(destination: string) {
  const listed = Bun.spawnSync(['git', 'ls-files', '-z', '-co', '--exclude-standard'], { cwd: repoRoot })
  if (listed.exitCode !== 0) throw new Error('bun run canary needs a git checkout')
  for (const file of listed.stdout.toString().split('\0').filter(Boolean)) {
    try {
      cpSync(join(repoRoot, file), join(destination, file))
    } catch {
      // listed but deleted in the working tree
    }
  }
}

function dropPins(manifestPath: string) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  delete manifest.overrides
  delete manifest['//overrides']
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
}

function reportMoves(freshLock: string) {
  const moves = compareLocks(readLockedVersions(join(repoRoot, 'bun.lock')), readLockedVersions(freshLock))
  console.log(`\n${moves.length} package(s) resolved to versions the lockfile does not have:`)
  for (const m of moves) console.log(`  ${m.name}: ${m.locked.join(', ') || '(new)'} → ${m.resolved.join(', ')}`)
}
