import type { Doc } from '../_generated/dataModel'
import type { QueryCtx } from '../_generated/server'

export type Settings = Omit<Doc<'settings'>, '_id' | '_creationTime' | 'key' | 'updatedAt'>

const DAY_MS = 24 * 60 * 60 * 1000

/** Until the OR3 server configures the deployment (`admin:configure`), the host's own defaults. */
export const DEFAULT_SETTINGS: Settings = {
  syncRetentionMs: 30 * DAY_MS,
  workspaceRetentionMs: 30 * DAY_MS,
  uploadGraceMs: DAY_MS,
  maxFileBytes: 20 * 1024 * 1024,
  allowedMimeTypes: ['image/*', 'application/pdf', 'text/*'],
  jobRetentionMs: DAY_MS,
  jobTimeoutMs: 6 * 60 * 1000,
}

export const SETTINGS_KEY = 'or3'

export async function findSettings(ctx: QueryCtx): Promise<Doc<'settings'> | null> {
  return await ctx.db
    .query('settings')
    .withIndex('by_key', (q) => q.eq('key', SETTINGS_KEY))
    .unique()
}

export async function readSettings(ctx: QueryCtx): Promise<Settings> {
  const stored = await findSettings(ctx)
  if (stored === null) return DEFAULT_SETTINGS
  return Object.fromEntries(
    Object.keys(DEFAULT_SETTINGS).map((name) => [name, stored[name as keyof Settings]]),
  ) as Settings
}
