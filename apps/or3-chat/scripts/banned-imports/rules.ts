/**
 * The banned-import rules of ARCHITECTURE.md §4, as pure functions.
 *
 * The host (apps/or3-chat) must build and type-check with no provider installed, so its
 * app/, server/ and shared/ trees may never reach a provider SDK or a provider's source,
 * whether by package name, by Nuxt alias or by a relative path that walks out of the host.
 */
import path from 'node:path'

export type RuleId =
  | 'clerk-sdk'
  | 'convex-sdk'
  | 'convex-generated'
  | 'aws-sdk'
  | 'provider-source'
  | 'packages-dir'

export interface RuleMatch {
  rule: RuleId
  /** One sentence for the report: why it is banned and what to do instead. */
  explanation: string
}

export interface RuleContext {
  /** The host directory (apps/or3-chat): where `~~`, `@@`, `~`, `@`, `#shared` point. */
  hostRoot: string
  /** The monorepo root, whose `packages/` folder is off limits; null when unknown. */
  repoRoot: string | null
}

const EXPLANATIONS: Record<RuleId, string> = {
  'clerk-sdk': '@clerk/* is the Clerk SDK; only or3-provider-clerk may import it',
  'convex-sdk': 'convex* is the Convex SDK; only or3-provider-convex may import it',
  'convex-generated': 'Convex generated code belongs to or3-provider-convex, not the host',
  'aws-sdk': '@aws-sdk/* is the AWS SDK; only or3-provider-s3 may import it',
  'provider-source':
    "a provider's source is private; include its package entry (e.g. or3-provider-x/nuxt) via or3.providers.generated.ts",
  'packages-dir':
    "relative path into the monorepo's packages/; import a package by its name (e.g. or3-provider-kit)",
}

const CONVEX_PACKAGES = new Set(['convex', 'convex-vue', 'convex-nuxt'])

function match(rule: RuleId): RuleMatch {
  return { rule, explanation: EXPLANATIONS[rule] }
}

/** Splits a bare specifier into package name and subpath: '@a/b/c/d' -> ['@a/b', 'c/d']. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/')
  const nameLength = specifier.startsWith('@') ? 2 : 1
  return {
    name: parts.slice(0, nameLength).join('/'),
    subpath: parts.slice(nameLength).join('/'),
  }
}

/** Rules that apply to a package by its name, wherever it is reached from. */
function checkPackage(name: string, subpath: string): RuleMatch | null {
  if (name.startsWith('@clerk/')) return match('clerk-sdk')
  // @convex-dev/* is Convex's own scope (auth, components): the same SDK by another name.
  if (CONVEX_PACKAGES.has(name) || name.startsWith('@convex-dev/')) return match('convex-sdk')
  if (name.startsWith('@aws-sdk/')) return match('aws-sdk')
  if (/^or3-provider-[^/]+$/.test(name) && (subpath === 'src' || subpath.startsWith('src/'))) {
    return match('provider-source')
  }
  return null
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** Rules that apply to a file-system target (relative, absolute or alias specifiers). */
function checkResolvedPath(target: string, context: RuleContext): RuleMatch | null {
  const segments = target.split(path.sep).filter(Boolean)

  if (isInside(target, path.join(context.hostRoot, 'convex'))) return match('convex-generated')
  if (segments.some((s, i) => s === 'convex' && segments[i + 1] === '_generated')) {
    return match('convex-generated')
  }

  if (context.repoRoot) {
    if (isInside(target, path.join(context.repoRoot, 'packages'))) return match('packages-dir')
  } else if (!isInside(target, context.hostRoot) && segments.includes('packages')) {
    // Without a known workspace root, any escape from the host into a packages/ folder is
    // the same mistake; failing closed beats letting it through.
    return match('packages-dir')
  }

  const providerAt = segments.findIndex((s) => /^or3-provider-./.test(s))
  if (providerAt >= 0 && segments[providerAt + 1] === 'src') return match('provider-source')

  // A path through node_modules reaches a package behind the resolver's back: judge the package.
  const nodeModulesAt = segments.lastIndexOf('node_modules')
  if (nodeModulesAt >= 0) {
    const rest = segments.slice(nodeModulesAt + 1).join('/')
    if (rest) {
      const { name, subpath } = splitPackageSpecifier(rest)
      return checkPackage(name, subpath)
    }
  }
  return null
}

/**
 * Maps an alias or path specifier to an absolute path, or null for a bare package specifier.
 * Aliases are Nuxt 4's: `~~`/`@@` = host root, `~`/`@` = app/, `#shared`, `#server`.
 */
export function resolveSpecifierPath(
  specifier: string,
  fromFile: string,
  hostRoot: string,
): string | null {
  const aliases: Array<[string, string]> = [
    ['~~', hostRoot],
    ['@@', hostRoot],
    ['~', path.join(hostRoot, 'app')],
    ['@', path.join(hostRoot, 'app')],
    ['#shared', path.join(hostRoot, 'shared')],
    ['#server', path.join(hostRoot, 'server')],
  ]
  for (const [alias, dir] of aliases) {
    if (specifier === alias) return dir
    if (specifier.startsWith(`${alias}/`)) return path.join(dir, specifier.slice(alias.length + 1))
  }
  if (specifier === '.' || specifier === '..' || /^\.\.?\//.test(specifier)) {
    return path.resolve(path.dirname(fromFile), specifier)
  }
  if (specifier.startsWith('/')) return path.resolve(specifier)
  return null
}

/**
 * Decides whether `specifier`, imported from `fromFile`, is banned in the host.
 * Returns the rule it breaks, or null when it is allowed.
 */
export function checkSpecifier(
  specifier: string,
  fromFile: string,
  context: RuleContext,
): RuleMatch | null {
  // Vite-style queries (?raw, ?url) and Windows separators do not change what is reached.
  // The lookbehind keeps a leading '#' (the #shared alias) intact.
  const cleaned = specifier.replace(/(?<=.)[?#].*$/, '').replace(/\\/g, '/').trim()
  if (!cleaned || cleaned.startsWith('node:')) return null

  const target = resolveSpecifierPath(cleaned, path.resolve(fromFile), path.resolve(context.hostRoot))
  if (target !== null) {
    return checkResolvedPath(target, {
      hostRoot: path.resolve(context.hostRoot),
      repoRoot: context.repoRoot && path.resolve(context.repoRoot),
    })
  }
  const { name, subpath } = splitPackageSpecifier(cleaned)
  return checkPackage(name, subpath)
}
