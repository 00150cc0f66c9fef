/**
 * Walks the host's hot zones and checks every import found in them against the rules.
 */
import fs from 'node:fs'
import path from 'node:path'
import { analyzeSource, SCRIPT_KINDS, type ImportKind } from './find-imports'
import { checkSpecifier, type RuleContext, type RuleId } from './rules'

/**
 * ARCHITECTURE.md §4 names app/pages, app/plugins, server/api, server/middleware and
 * server/plugins as hot zones, and in this project all of app/, server/ and shared/.
 */
export const SCANNED_DIRS = ['app', 'server', 'shared'] as const

/** Generated or installed trees: not the host's own code. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.nuxt', '.output'])

export interface Violation {
  /** Relative to the host root, with '/' separators. */
  file: string
  line: number
  column: number
  specifier: string
  kind: ImportKind
  rule: RuleId
  explanation: string
}

/** A file the guardrail could not fully read; it fails the check like a violation. */
export interface ScanProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface ScanResult {
  hostRoot: string
  repoRoot: string | null
  filesScanned: number
  /** Which of SCANNED_DIRS exist under the host root. */
  presentDirs: string[]
  violations: Violation[]
  problems: ScanProblem[]
}

function isScannable(fileName: string): boolean {
  const extension = path.extname(fileName).toLowerCase()
  return extension === '.vue' || extension in SCRIPT_KINDS
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, out)
    } else if (isScannable(entry.name)) {
      // Symlinked files are read like files; symlinked directories are not followed (no loops).
      if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile())) {
        out.push(full)
      }
    }
  }
}

/** The files the guardrail reads under a host root, sorted, and which hot-zone roots exist. */
export function listHostFiles(hostRoot: string): { files: string[]; presentDirs: string[] } {
  const files: string[] = []
  const presentDirs: string[] = []
  for (const dir of SCANNED_DIRS) {
    const full = path.join(hostRoot, dir)
    if (!fs.statSync(full, { throwIfNoEntry: false })?.isDirectory()) continue
    presentDirs.push(dir)
    walk(full, files)
  }
  return { files: files.sort(), presentDirs }
}

/** The nearest ancestor of the host (itself included) whose package.json declares workspaces. */
export function findRepoRoot(hostRoot: string): string | null {
  let dir = path.resolve(hostRoot)
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces) return dir
      } catch {
        // A broken package.json is not a workspace root; keep walking up.
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/')
}

/** Checks one file; `file` in the results is relative to the host root. */
export function scanFile(
  absolutePath: string,
  context: RuleContext,
): { violations: Violation[]; problems: ScanProblem[] } {
  const file = toPosix(path.relative(context.hostRoot, absolutePath))
  let source: string
  try {
    source = fs.readFileSync(absolutePath, 'utf8')
  } catch (error) {
    const message = `cannot read file: ${String(error)}`
    return { violations: [], problems: [{ file, line: 1, column: 1, message }] }
  }
  const { imports, problems } = analyzeSource(source, absolutePath)
  const violations: Violation[] = []
  for (const found of imports) {
    const broken = checkSpecifier(found.specifier, absolutePath, context)
    if (broken) violations.push({ file, ...found, ...broken })
  }
  return { violations, problems: problems.map((problem) => ({ file, ...problem })) }
}

function byPosition(a: { file: string; line: number; column: number }, b: typeof a): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line || a.column - b.column
}

/**
 * Scans a host directory (apps/or3-chat or a test fixture shaped like it).
 * `repoRoot` defaults to the nearest ancestor workspace root.
 */
export function scanHost(hostRoot: string, options: { repoRoot?: string | null } = {}): ScanResult {
  const root = path.resolve(hostRoot)
  const repoRoot =
    options.repoRoot === undefined ? findRepoRoot(root) : options.repoRoot && path.resolve(options.repoRoot)
  const context: RuleContext = { hostRoot: root, repoRoot }
  const { files, presentDirs } = listHostFiles(root)

  const violations: Violation[] = []
  const problems: ScanProblem[] = []
  for (const file of files) {
    const result = scanFile(file, context)
    violations.push(...result.violations)
    problems.push(...result.problems)
  }
  return {
    hostRoot: root,
    repoRoot,
    filesScanned: files.length,
    presentDirs,
    violations: violations.sort(byPosition),
    problems: problems.sort(byPosition),
  }
}
