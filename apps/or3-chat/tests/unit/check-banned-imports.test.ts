/**
 * The banned-imports guardrail (scripts/check-banned-imports.ts, ARCHITECTURE.md §4).
 * Fixture hosts are written to temp dirs; the real tree is never touched.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  analyzeSource,
  checkSpecifier,
  findImports,
  runCli,
  scanHost,
  type ScanResult,
} from '../../scripts/check-banned-imports'
import {
  CLEAN_FILES,
  EXPECTED_VIOLATIONS,
  IGNORED_FILES,
  PLANTED_FILES,
  makeFixtureRepo,
  removeFixtureRepo,
} from '../fixtures/banned-imports/planted-host'

const HOST_DIR = path.resolve(import.meta.dirname, '../..')

describe('findImports', () => {
  it('finds every import form with its kind and position', () => {
    const source = [
      "import a from 'a'",
      "import type { B } from 'b'",
      "import 'c'",
      "import d = require('d')",
      "export * from 'e'",
      "export { f } from 'f'",
      "export type { G } from 'g'",
      "const h = await import('h')",
      'const i = await import(`i`)',
      "const j = require('j')",
      "type K = typeof import('k')",
      "type L = import('l').L",
      "let m: Array<import('m').M> = []",
      'const n = await import(`n/${name}`)',
    ].join('\n')
    expect(findImports(source, 'x.ts').map((f) => `${f.line}:${f.column} ${f.kind} ${f.specifier}`)).toEqual([
      '1:15 import a',
      '2:24 import type b',
      '3:8 side-effect import c',
      '4:20 import = require d',
      '5:15 re-export e',
      '6:19 re-export f',
      '7:24 type re-export g',
      '8:24 dynamic import h',
      '9:24 dynamic import i',
      '10:19 require j',
      '11:24 typeof import() k',
      '12:17 import() type l',
      '13:21 import() type m',
      '14:24 dynamic import n/${…}',
    ])
  })

  it('ignores comments, strings and templates that only mention a module', () => {
    const source = [
      "// import x from 'convex'",
      "/* require('convex') */",
      "const s = \"import { api } from 'convex/_generated'\"",
      "const t = `typeof import('@clerk/nuxt')`",
      'const u = import.meta.env',
      'const v = await import(someVariable)',
    ].join('\n')
    expect(findImports(source, 'x.ts')).toEqual([])
  })

  it('reads <script> and <script setup> of a .vue file with lines of the .vue file', () => {
    const sfc = [
      '<template><p>import x from "convex"</p></template>', // 1
      '<script lang="ts">', // 2
      "import { a } from 'from-script'", // 3
      '</script>', // 4
      '', // 5
      '<script setup lang="tsx">', // 6
      '// convex', // 7
      "  import type { X } from '@clerk/nuxt'", // 8
      '</script>', // 9
    ].join('\n')
    expect(findImports(sfc, 'Page.vue')).toEqual([
      { specifier: 'from-script', kind: 'import', line: 3, column: 19 },
      { specifier: '@clerk/nuxt', kind: 'import type', line: 8, column: 26 },
    ])
    // An import on the same line as the <script> tag keeps the tag's column offset.
    expect(findImports("<script setup>import 'convex'</script>", 'Inline.vue')).toEqual([
      { specifier: 'convex', kind: 'side-effect import', line: 1, column: 22 },
    ])
  })

  it('reports what it cannot read instead of passing it silently', () => {
    expect(analyzeSource('<script setup lang="coffee">x = 1</script>', 'A.vue').problems).toEqual([
      { message: 'unsupported <script lang="coffee">', line: 1, column: 29 },
    ])
    const broken = analyzeSource("<template><div></template>\n<script setup>import 'convex'</script>", 'B.vue')
    expect(broken.problems.map((p) => p.message)).toEqual(['cannot parse .vue file: Element is missing end tag.'])
    expect(broken.imports.map((f) => f.specifier)).toEqual(['convex'])
  })
})

describe('checkSpecifier', () => {
  const hostRoot = '/repo/apps/or3-chat'
  const context = { hostRoot, repoRoot: '/repo' }
  const from = `${hostRoot}/app/pages/index.vue`
  const ruleOf = (specifier: string, fromFile = from) => checkSpecifier(specifier, fromFile, context)?.rule ?? null

  it.each([
    ['@clerk/nuxt', 'clerk-sdk'],
    ['@clerk/backend/internal', 'clerk-sdk'],
    ['convex', 'convex-sdk'],
    ['convex/browser', 'convex-sdk'],
    ['convex/server', 'convex-sdk'],
    ['convex-vue', 'convex-sdk'],
    ['convex-nuxt', 'convex-sdk'],
    ['@convex-dev/auth/server', 'convex-sdk'],
    ['@aws-sdk/client-s3', 'aws-sdk'],
    ['@aws-sdk/s3-request-presigner', 'aws-sdk'],
    ['~~/convex/_generated', 'convex-generated'],
    ['~~/convex/_generated/api', 'convex-generated'],
    ['@@/convex/schema', 'convex-generated'],
    ['~/../convex/_generated/api', 'convex-generated'],
    ['../../convex/_generated/dataModel', 'convex-generated'],
    ['../../../../packages/or3-provider-convex/convex/_generated/api', 'convex-generated'],
    ['or3-provider-clerk/src', 'provider-source'],
    ['or3-provider-clerk/src/runtime/x', 'provider-source'],
    ['../../node_modules/or3-provider-convex/src/index.ts', 'provider-source'],
    ['../../node_modules/convex/dist/esm/index.js', 'convex-sdk'],
    ['../../../../packages/or3-provider-kit/src/index.ts', 'packages-dir'],
    ['/repo/packages/or3-provider-kit/dist/index.js', 'packages-dir'],
    ['convex/browser?raw', 'convex-sdk'],
  ])('bans %s (%s)', (specifier, rule) => {
    expect(ruleOf(specifier)).toBe(rule)
  })

  it.each([
    'or3-provider-kit',
    'or3-provider-kit/server',
    'or3-provider-kit/testing',
    'or3-provider-sqlite/nuxt',
    'or3-provider-clerk/nuxt',
    'or3-provider-s3/nuxt',
    '@aws-sdkish/x',
    'convexity',
    'convexify/x',
    '@clerkish/x',
    '@my/convex',
    'vue',
    'node:path',
    '#imports',
    '#shared/config/presets',
    '~/components/ConvexBadge.vue',
    '~~/shared/convex-labels',
    '../../server/core/convex-notes',
    './src/helper',
  ])('allows %s', (specifier) => {
    expect(ruleOf(specifier)).toBeNull()
  })

  it('resolves relative paths from the importing file', () => {
    // The same text is banned or not depending on where it is written.
    expect(ruleOf('../../../packages/x', `${hostRoot}/app/file.ts`)).toBe('packages-dir')
    expect(ruleOf('../../../packages/x', `${hostRoot}/app/pages/deep/file.ts`)).toBeNull()
  })

  it('fails closed on any packages/ escape when the repo root is unknown', () => {
    expect(checkSpecifier('../../../packages/kit', `${hostRoot}/app/file.ts`, { hostRoot, repoRoot: null })?.rule)
      .toBe('packages-dir')
  })
})

describe('scanHost on a planted host tree', () => {
  let host: string
  let result: ScanResult
  beforeAll(() => {
    host = makeFixtureRepo({ ...PLANTED_FILES, ...CLEAN_FILES, ...IGNORED_FILES })
    result = scanHost(host)
  })
  afterAll(() => removeFixtureRepo(host))

  it('reports every planted violation, with file, line, column and rule, sorted', () => {
    expect(result.violations.map((v) => `${v.file}:${v.line}:${v.column} ${v.rule}`)).toEqual(EXPECTED_VIOLATIONS)
    expect(result.problems).toEqual([])
  })

  it('covers every hot zone', () => {
    const zones = ['app/pages/', 'app/plugins/', 'app/components/', 'server/api/', 'server/middleware/', 'server/plugins/', 'shared/']
    for (const zone of zones) expect(result.violations.some((v) => v.file.startsWith(zone)), zone).toBe(true)
  })

  it('reports the kind and specifier of the canonical cases', () => {
    const at = (file: string) => result.violations.find((v) => v.file === file)
    expect(at('app/pages/login.vue')).toMatchObject({ specifier: '@clerk/nuxt', kind: 'import type', line: 9 })
    expect(at('server/api/session.get.ts')).toMatchObject({ specifier: 'convex/browser', kind: 'dynamic import', line: 3 })
    expect(at('server/plugins/register.ts')).toMatchObject({ specifier: 'convex/server', kind: 're-export' })
    expect(at('server/middleware/auth.ts')).toMatchObject({ specifier: 'convex', kind: 'require' })
    expect(at('app/plugins/clerk.client.ts')).toMatchObject({ specifier: '@clerk/backend', kind: 'typeof import()' })
  })

  it('reads the clean files and the planted ones, and skips installed, generated and out-of-zone files', () => {
    expect(result.filesScanned).toBe(Object.keys(PLANTED_FILES).length + Object.keys(CLEAN_FILES).length)
    expect(result.repoRoot).toBe(path.resolve(host, '..', '..'))
  })
})

describe('check-banned-imports CLI', () => {
  let cleanHost: string
  let dirtyHost: string
  beforeAll(() => {
    cleanHost = makeFixtureRepo(CLEAN_FILES)
    dirtyHost = makeFixtureRepo({ ...CLEAN_FILES, ...PLANTED_FILES })
  })
  afterAll(() => [cleanHost, dirtyHost].forEach(removeFixtureRepo))

  const run = (...args: string[]) => {
    const child = Bun.spawnSync(['bun', 'scripts/check-banned-imports.ts', ...args], { cwd: HOST_DIR })
    return { code: child.exitCode, stdout: child.stdout.toString() }
  }

  it('exits 1 and prints file:line:col for each violation, then a summary', () => {
    const { code, stdout } = run('--root', dirtyHost)
    expect(code).toBe(1)
    expect(stdout).toContain("app/pages/login.vue:9:24  banned import '@clerk/nuxt' (import type: @clerk/* is the Clerk SDK")
    expect(stdout).toContain("server/api/session.get.ts:3:45  banned import 'convex/browser' (dynamic import:")
    const reported = stdout.split('\n').filter((line) => line.includes('  banned import '))
    expect(reported.map((line) => line.split('  ')[0])).toEqual(EXPECTED_VIOLATIONS.map((v) => v.split(' ')[0]))
    expect(stdout).toContain('check-imports: FAILED, 8 banned imports in 7 files')
  })

  it('exits 0 on a clean tree with a one-line OK that counts the files', () => {
    const { code, stdout } = run('--root', cleanHost)
    expect(code).toBe(0)
    expect(stdout.trim()).toBe(
      `check-imports: OK, ${Object.keys(CLEAN_FILES).length} files scanned in app/, server/, shared/; no provider SDK imports in the host.`,
    )
  })

  it('prints machine-readable findings with --json', () => {
    const { code, stdout } = run('--root', dirtyHost, '--json')
    expect(code).toBe(1)
    const report = JSON.parse(stdout)
    expect(report.ok).toBe(false)
    expect(report.violations).toHaveLength(EXPECTED_VIOLATIONS.length)
  })

  it('refuses a --root that does not exist instead of passing it', () => {
    expect(run('--root', path.join(cleanHost, 'missing')).code).toBe(2)
  })

  it('runCli returns the exit code without touching the process', () => {
    const output: string[] = []
    expect(runCli(['--root', dirtyHost], (text) => output.push(text))).toBe(1)
    expect(output.join('\n')).toContain('shared/kit.ts:1:32  banned import')
  })
})
