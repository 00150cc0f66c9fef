import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

// The backend folder `init` puts into a host repository, and the rules for writing it. Node
// built-ins only: the CLI runs under Bun or Node with no dependency installed.

/** Where the templates live in the package, from `dist/cli` or `src/cli` alike. */
export const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates/backend')

/** The backend folder's default place, relative to the host repository. */
export const DEFAULT_BACKEND_DIR = 'convex-backend'

// npm drops `.gitignore` from published packages, so the template is stored without its dot.
const RENAMED: Record<string, string> = { gitignore: '.gitignore' }

export interface TemplateFile {
  /** Path inside the backend folder, with `/` separators. */
  path: string
  content: Buffer
}

export function readTemplates(templatesDir = TEMPLATES_DIR): TemplateFile[] {
  const files: TemplateFile[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name)
      // Generated code is the host's to make (codegen), never a template.
      if (entry.name === '_generated' || entry.name === 'node_modules') continue
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) {
        const path = relative(templatesDir, full).split(sep).join('/')
        files.push({ path: RENAMED[path] ?? path, content: readFileSync(full) })
      }
    }
  }
  walk(templatesDir)
  return files
}

export type FileState = 'missing' | 'identical' | 'different'

export interface PlannedFile extends TemplateFile {
  /** Absolute destination. */
  target: string
  state: FileState
}

export class UnsafePathError extends Error {}

const isInside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * The backend folder's absolute path. Refuses a folder outside the host repository, named
 * absolutely or with `..`, or reached through a symlink that leaves it.
 */
export function resolveBackendDir(hostRoot: string, backendDir: string): string {
  const root = realpathSync(hostRoot)
  if (isAbsolute(backendDir)) throw new UnsafePathError(`--dir must be relative to ${root}, not ${backendDir}`)
  const target = resolve(root, backendDir)
  if (!isInside(root, target) || target === root) {
    throw new UnsafePathError(`--dir ${backendDir} leaves the host repository ${root}`)
  }
  assertNoEscapingLink(root, target)
  return target
}

const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

/**
 * Every existing part of `path` below `root` must stay inside `root`: a symlink is followed hop
 * by hop (its target need not exist, a write would create it) and refused when a hop leaves.
 */
function assertNoEscapingLink(root: string, path: string): void {
  let current = root
  for (const part of relative(root, path).split(sep)) {
    current = join(current, part)
    for (let hop = current, hops = 0; isLink(hop); hops++) {
      hop = resolve(dirname(hop), readlinkSync(hop))
      if (!isInside(root, hop) || hops > 40) {
        throw new UnsafePathError(`${relative(root, current)} is a link that leaves the host repository; refusing to write through it`)
      }
    }
  }
}

export function planTemplates(hostRoot: string, backendDir: string, templates = readTemplates()): PlannedFile[] {
  const root = realpathSync(hostRoot)
  const dir = resolveBackendDir(root, backendDir)
  return templates.map((file) => {
    const target = resolve(dir, file.path)
    if (!isInside(dir, target)) throw new UnsafePathError(`template ${file.path} would leave ${dir}`)
    assertNoEscapingLink(root, target)
    let state: FileState = 'missing'
    try {
      state = readFileSync(target).equals(file.content) ? 'identical' : 'different'
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    return { ...file, target, state }
  })
}

export function writePlannedFile(file: PlannedFile): void {
  mkdirSync(dirname(file.target), { recursive: true })
  writeFileSync(file.target, file.content)
}
