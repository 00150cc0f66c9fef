/**
 * Guardrail: the host app never imports a provider SDK (ARCHITECTURE.md §4).
 *
 *   bun run check-imports                       scan this host's app/, server/, shared/
 *   bun scripts/check-banned-imports.ts --root <dir> [--repo-root <dir>] [--json]
 *
 * Exit codes: 0 clean, 1 banned imports (or files that could not be checked), 2 bad usage.
 * The parsing and the rules live in ./banned-imports/; this file is the command line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SCANNED_DIRS, scanHost, type ScanResult } from './banned-imports/scan-host'

export { analyzeSource, findImports, type FoundImport, type ImportKind } from './banned-imports/find-imports'
export { checkSpecifier, resolveSpecifierPath, type RuleContext, type RuleMatch } from './banned-imports/rules'
export { findRepoRoot, listHostFiles, scanHost, type ScanResult, type Violation } from './banned-imports/scan-host'

/** This script lives in <host>/scripts/, so the host is one level up. */
const DEFAULT_HOST_ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface CliOptions {
  root: string
  repoRoot?: string
  json: boolean
}

const USAGE = 'usage: bun scripts/check-banned-imports.ts [--root <host dir>] [--repo-root <dir>] [--json]'

/** Parses argv (without the runtime and script path); throws a usage message on bad input. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { root: DEFAULT_HOST_ROOT, json: false }
  for (let i = 0; i < argv.length; i++) {
    // Accept both `--root dir` and `--root=dir`.
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined]
    const value = () => {
      const next = inline ?? argv[++i]
      if (!next) throw new Error(`${flag} needs a directory\n${USAGE}`)
      return next
    }
    if (flag === '--root') options.root = path.resolve(value())
    else if (flag === '--repo-root') options.repoRoot = path.resolve(value())
    else if (flag === '--json' && inline === undefined) options.json = true
    else throw new Error(`unknown argument '${argv[i]}'\n${USAGE}`)
  }
  return options
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** The human report: one line per finding, sorted, then a summary or the OK line. */
export function formatReport(result: ScanResult): string {
  const where = SCANNED_DIRS.filter((dir) => result.presentDirs.includes(dir)).map((dir) => `${dir}/`)
  const missing = SCANNED_DIRS.filter((dir) => !result.presentDirs.includes(dir)).map((dir) => `${dir}/`)
  const scanned = `${plural(result.filesScanned, 'file')} scanned${where.length ? ` in ${where.join(', ')}` : ''}`
    + (missing.length ? ` (${missing.join(', ')} not present)` : '')

  if (result.violations.length === 0 && result.problems.length === 0) {
    return `check-imports: OK, ${scanned}; no provider SDK imports in the host.`
  }
  const lines = [
    ...result.violations.map(
      (v) => `${v.file}:${v.line}:${v.column}  banned import '${v.specifier}' (${v.kind}: ${v.explanation})`,
    ),
    ...result.problems.map((p) => `${p.file}:${p.line}:${p.column}  cannot check file (${p.message})`),
  ]
  const files = new Set([...result.violations, ...result.problems].map((finding) => finding.file))
  const counts = [
    result.violations.length ? plural(result.violations.length, 'banned import') : '',
    result.problems.length ? plural(result.problems.length, 'parse problem') : '',
  ].filter(Boolean)
  lines.push(
    '',
    `check-imports: FAILED, ${counts.join(' and ')} in ${plural(files.size, 'file')} (${scanned}).`,
    'The host must not reach provider SDKs or provider sources (ARCHITECTURE.md §4): move that code',
    'into the provider package and reach it through or3-provider-kit contracts, or include the',
    "provider's package entry (e.g. or3-provider-x/nuxt) in or3.providers.generated.ts.",
  )
  return lines.join('\n')
}

/** Runs the check and returns the exit code; output goes through `write`. */
export function runCli(argv: readonly string[], write: (text: string) => void = console.log): number {
  let options: CliOptions
  try {
    options = parseArgs(argv)
  } catch (error) {
    write(`check-imports: ${(error as Error).message}`)
    return 2
  }
  if (!fs.statSync(options.root, { throwIfNoEntry: false })?.isDirectory()) {
    // A mistyped --root must not pass as "0 files, all clean".
    write(`check-imports: --root '${options.root}' is not a directory`)
    return 2
  }
  const result = scanHost(options.root, { repoRoot: options.repoRoot })
  const failed = result.violations.length > 0 || result.problems.length > 0
  if (options.json) {
    const { violations, problems, filesScanned, presentDirs, hostRoot, repoRoot } = result
    const report = { ok: !failed, filesScanned, presentDirs, hostRoot, repoRoot, violations, problems }
    write(JSON.stringify(report, null, 2))
  } else {
    write(formatReport(result))
  }
  return failed ? 1 : 0
}

// Runs only as the entry point, so tests can import the functions above without side effects.
if ((import.meta as ImportMeta & { main?: boolean }).main) {
  process.exitCode = runCli(process.argv.slice(2))
}
