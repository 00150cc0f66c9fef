import type { ProviderSurface } from 'or3-provider-kit'

/**
 * What each first-party provider package offers, by provider id. The setup wizard and the config
 * builder read this table; nothing here imports a provider.
 */
export const KNOWN_PROVIDER_SURFACES: Record<string, readonly ProviderSurface[]> = {
  'basic-auth': ['auth', 'tokenBroker', 'admin'],
  clerk: ['auth', 'tokenBroker', 'admin'],
  sqlite: ['workspaces', 'sync', 'limits', 'jobs', 'notifications', 'admin'],
  postgres: ['workspaces', 'sync', 'limits', 'jobs', 'notifications', 'admin'],
  fs: ['storage'],
  s3: ['storage'],
  convex: ['workspaces', 'sync', 'storage', 'limits', 'jobs', 'notifications', 'admin'],
}

/**
 * Embedded providers first: when several installed providers offer a surface, the first wins.
 * PostgreSQL needs a server (OR3_POSTGRES_URL), so it comes after SQLite; S3 needs a bucket
 * (OR3_S3_BUCKET), so it comes after the local disk.
 */
const PREFERENCE = ['basic-auth', 'sqlite', 'fs', 'postgres', 's3', 'clerk', 'convex']

/** `'or3-provider-sqlite/nuxt'` → `'sqlite'`. Anything that is not a provider module is skipped. */
export function providerIdsFromModules(modules: readonly string[]): string[] {
  const ids: string[] = []
  for (const entry of modules) {
    const match = /^(?:@[^/]+\/)?or3-provider-([a-z0-9-]+)\/nuxt$/.exec(entry)
    if (match?.[1] && match[1] !== 'kit') ids.push(match[1])
  }
  return ids
}

export function installedProviderFor(surface: ProviderSurface, installed: readonly string[]): string | null {
  const offering = installed.filter((id) => KNOWN_PROVIDER_SURFACES[id]?.includes(surface))
  offering.sort((a, b) => rank(a) - rank(b))
  return offering[0] ?? null
}

function rank(id: string): number {
  const index = PREFERENCE.indexOf(id)
  return index === -1 ? PREFERENCE.length : index
}

export function offersSurface(providerId: string | null, surface: ProviderSurface): boolean {
  return providerId !== null && (KNOWN_PROVIDER_SURFACES[providerId]?.includes(surface) ?? false)
}
