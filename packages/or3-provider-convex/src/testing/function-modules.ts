import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export type FunctionKind = 'query' | 'mutation' | 'action'

export interface RegisteredFunction {
  kind: FunctionKind
  visibility: 'public' | 'internal'
}

/** A Convex functions directory as convex-test wants it: `import.meta.glob`'s shape, built without Vite. */
export interface FunctionModules {
  /** Keyed `./<path>` relative to the functions directory, `_generated/` included. */
  modules: Record<string, () => Promise<Record<string, unknown>>>
  /** What `module:export` is, or null when it names no registered function. */
  describe(path: string): Promise<RegisteredFunction | null>
}

const MODULE_FILE = /\.(ts|js|mjs)$/
const SKIPPED = /\.d\.ts$|\.test\.ts$/

export function loadFunctionModules(functionsDir: string): FunctionModules {
  const modules: FunctionModules['modules'] = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full)
      else if (entry.isFile() && MODULE_FILE.test(entry.name) && !SKIPPED.test(entry.name)) {
        const key = `./${relative(functionsDir, full).split(sep).join('/')}`
        const url = pathToFileURL(full).href
        modules[key] = () => import(url)
      }
    }
  }
  walk(functionsDir)
  if (!Object.keys(modules).some((key) => key.startsWith('./_generated/'))) {
    throw new Error(`${functionsDir} has no _generated/ folder: run \`bun run codegen\` in the backend folder first`)
  }

  const byModule = new Map(
    Object.entries(modules).map(([key, load]) => [key.slice(2).replace(MODULE_FILE, ''), load] as const),
  )
  return {
    modules,
    async describe(path) {
      const [moduleName, exportName = 'default'] = path.split(':')
      const load = moduleName === undefined ? undefined : byModule.get(moduleName.replace(/\.(ts|js)$/, ''))
      if (load === undefined || moduleName!.startsWith('_generated')) return null
      const fn = (await load())[exportName] as Record<string, unknown> | undefined
      if (fn === undefined || fn === null) return null
      const kind: FunctionKind | null = fn.isQuery ? 'query' : fn.isMutation ? 'mutation' : fn.isAction ? 'action' : null
      if (kind === null) return null
      return { kind, visibility: fn.isInternal ? 'internal' : 'public' }
    },
  }
}
