import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Installed packages (top level or in Bun's isolated store) whose name is one of `sdks`. */
export function findForbiddenPackages(nodeModules: string, sdks: readonly string[]): string[] {
  const found: string[] = []
  for (const sdk of sdks) {
    if (existsSync(join(nodeModules, sdk))) found.push(sdk)
  }
  const store = join(nodeModules, '.bun')
  if (existsSync(store)) {
    for (const entry of readdirSync(store)) {
      // Store entries are named like `convex@1.2.3` or `@clerk+backend@2.0.0`.
      const pkg = entry.replace(/\+/, '/').replace(/@[^@]*$/, '')
      if (sdks.some((sdk) => pkg === sdk || pkg.startsWith(`${sdk}/`))) found.push(entry)
    }
  }
  return found
}

/** Files of a build output that import or bundle one of `sdks` (by module specifier). */
export function findForbiddenReferences(outputDir: string, sdks: readonly string[]): string[] {
  const patterns = sdks.map((sdk) => new RegExp(`(?:from\\s*|import\\(\\s*|require\\(\\s*)["']${escape(sdk)}(?:/[^"']*)?["']|node_modules/${escape(sdk)}/`))
  const hits: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) {
        walk(path)
      } else if (/\.(?:m?js|json)$/.test(entry)) {
        const text = readFileSync(path, 'utf8')
        for (const [i, pattern] of patterns.entries()) if (pattern.test(text)) hits.push(`${path}: ${sdks[i]}`)
      }
    }
  }
  walk(outputDir)
  return hits
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
