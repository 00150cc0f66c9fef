// Evidence read from the repository itself, each time the record is written: the guardrail's
// run, the host's manifest and module list, what the config builder defaults to, the packages'
// manifests and which conformance suites their tests run.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildOr3CloudConfig } from '../../apps/or3-chat/shared/config/build-or3-cloud-config'
import { KNOWN_PROVIDER_SURFACES } from '../../apps/or3-chat/shared/config/known-providers'
import { PRESET_NAMES } from '../../apps/or3-chat/shared/config/presets'
import type { Evidence } from './evidence-table'

const HOST = 'apps/or3-chat'
const SDK = /^(?:@clerk\/|convex(?:$|-|\/)|@convex-dev\/)/

export function guardrailEvidence(repoRoot: string): Evidence {
  const result = Bun.spawnSync(['bun', 'scripts/check-banned-imports.ts', '--json'], { cwd: join(repoRoot, HOST), stdout: 'pipe', stderr: 'pipe' })
  const report = JSON.parse(result.stdout.toString() || '{}') as { ok?: boolean; presentDirs?: string[]; violations?: unknown[]; problems?: unknown[] }
  const ok = result.exitCode === 0 && report.ok === true
  return {
    ok,
    rows: [
      {
        subject: 'host',
        command: 'bun run check-imports',
        exitCode: result.exitCode ?? 1,
        lines: [`${report.violations?.length ?? '?'} banned imports and ${report.problems?.length ?? '?'} unreadable files in ${(report.presentDirs ?? []).map((d) => `${d}/`).join(', ')}`],
      },
    ],
  }
}

export function hostManifestEvidence(repoRoot: string): Evidence {
  const manifest = JSON.parse(readFileSync(join(repoRoot, HOST, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
  const listed = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}))
  const sdks = listed.filter((name) => SDK.test(name))
  const providers = listed.filter((name) => name.startsWith('or3-provider-'))
  return {
    ok: sdks.length === 0,
    rows: [
      {
        subject: `${HOST}/package.json`,
        command: 'read the manifest',
        exitCode: null,
        lines: [sdks.length ? `lists ${sdks.join(', ')}` : 'lists no @clerk/*, convex* or @convex-dev/* package', `provider packages: ${providers.sort().join(', ')}`],
      },
    ],
  }
}

export function moduleListEvidence(repoRoot: string): Evidence {
  const text = readFileSync(join(repoRoot, HOST, 'or3.providers.generated.ts'), 'utf8')
  const ids = [...text.matchAll(/'([^']+)'/g)].map((match) => match[1]!)
  const bad = ids.filter((id) => !/^or3-provider-[a-z0-9-]+\/nuxt$/.test(id))
  return {
    ok: bad.length === 0,
    rows: [{ subject: `${HOST}/or3.providers.generated.ts`, command: 'read the module list', exitCode: null, lines: [bad.length ? `not package module ids: ${bad.join(', ')}` : `package module ids only: ${ids.join(', ')}`] }],
  }
}

/** The config builder, evaluated for every preset without Convex with every provider installed. */
export function convexDefaultsEvidence(): Evidence {
  const everyProvider = ['basic-auth', 'sqlite', 'fs', 'clerk', 'convex']
  const presets = PRESET_NAMES.filter((name) => !name.includes('convex'))
  const naming = presets.filter((preset) => JSON.stringify(buildOr3CloudConfig({ OR3_PRESET: preset }, everyProvider)).includes('convex'))
  return {
    ok: naming.length === 0,
    rows: [
      {
        subject: 'buildOr3CloudConfig',
        command: `OR3_PRESET=${presets.join('|')}, with every provider installed`,
        exitCode: null,
        lines: [naming.length ? `names convex for ${naming.join(', ')}` : 'no resolved config names convex'],
      },
    ],
  }
}

/** Provider packages are npm-ready: exports `.` and `./nuxt` with types first, `dist`, peers nuxt and the kit. */
export function manifestEvidence(repoRoot: string, names: string[]): Evidence {
  let ok = true
  const rows = names.map((name) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>
      files: string[]
      peerDependencies?: Record<string, string>
    }
    const typesFirst = ['.', './nuxt'].every((entry) => Object.keys(manifest.exports[entry] ?? {})[0] === 'types')
    const peers = Object.keys(manifest.peerDependencies ?? {}).sort()
    ok &&= typesFirst && manifest.files.includes('dist') && peers.includes('or3-provider-kit') && peers.includes('nuxt')
    return {
      subject: name,
      command: 'read package.json',
      exitCode: null,
      lines: [`exports . and ./nuxt${typesFirst ? ', types first' : ' WITHOUT types first'}; files ${manifest.files.join(', ')}; peers ${peers.join(', ')}`],
    }
  })
  return { ok, rows }
}

type ProviderSurface = (typeof KNOWN_PROVIDER_SURFACES)[string][number]

/** The kit suite each contract a provider offers must pass (shared/config/known-providers.ts lists what each offers). */
const SUITE_FOR: Partial<Record<ProviderSurface, string>> = {
  auth: 'AuthProvider',
  tokenBroker: 'TokenBroker',
  workspaces: 'WorkspaceStore',
  sync: 'SyncGateway',
  storage: 'StorageGateway',
  limits: 'RateLimitStore',
  jobs: 'BackgroundJobStore',
  notifications: 'NotificationEmitter',
  admin: 'AdminAdapter',
}

/**
 * Which kit conformance suites each provider's tests run, against the contracts it offers. A
 * package whose work is still open (`pendingOn`) may lack some: that is pending, not a failure.
 */
export function suitesEvidence(repoRoot: string, names: string[], pendingOn: Record<string, string>): Evidence {
  let ok = true
  const pending: string[] = []
  const rows = names.map((name) => {
    const id = name.replace(/^or3-provider-/, '')
    const expected = (KNOWN_PROVIDER_SURFACES[id] ?? []).flatMap((surface) => SUITE_FOR[surface] ?? []).sort()
    const found = conformanceSuitesIn(join(repoRoot, 'packages', name, 'test'))
    const missing = expected.filter((suite) => !found.includes(suite))
    if (missing.length && pendingOn[name]) pending.push(name)
    else if (missing.length) ok = false
    return {
      subject: name,
      command: 'scan test/ for the kit suites it calls',
      exitCode: null,
      lines: [
        `runs ${found.join(', ') || 'none'}`,
        ...(missing.length ? [`missing for what it offers: ${missing.join(', ')}${pendingOn[name] ? ` (pending: ${pendingOn[name]})` : ''}`] : []),
      ],
    }
  })
  return { ok, pending, rows }
}

function conformanceSuitesIn(testDir: string): string[] {
  if (!existsSync(testDir)) return []
  const found = new Set<string>()
  for (const file of readdirSync(testDir, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue
    for (const match of readFileSync(join(testDir, file), 'utf8').matchAll(/\btest(WorkspaceStore|SyncGateway|StorageGateway|RateLimitStore|BackgroundJobStore|AuthProvider|TokenBroker|NotificationEmitter|AdminAdapter)(?:<[^()]*>)?\(/g)) {
      found.add(match[1]!)
    }
  }
  return [...found].sort()
}
