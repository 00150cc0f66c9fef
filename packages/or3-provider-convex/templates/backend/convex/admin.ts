import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { requireServer } from './lib/identity'
import { checkCount, validation } from './lib/protocol'
import { findSettings, readSettings, SETTINGS_KEY } from './lib/settings'
import { settingsFields } from './lib/validators'
import { BACKEND_VERSION } from './lib/version'

/**
 * The OR3 server writes its settings here at boot, so retention, GC grace and upload limits are
 * the host's config (one source) and not a second copy in deployment env vars.
 */
export const configure = mutation({
  args: settingsFields,
  returns: v.null(),
  handler: async (ctx, settings) => {
    await requireServer(ctx)
    for (const [name, value] of Object.entries(settings)) {
      if (typeof value === 'number') checkCount(value, name)
    }
    if (settings.syncRetentionMs < 1 || settings.maxFileBytes < 1) validation('retention and file size must be positive')
    if (settings.allowedMimeTypes.length > 100) validation('allowedMimeTypes holds at most 100 entries')
    const stored = await findSettings(ctx)
    const row = { ...settings, updatedAt: Date.now() }
    if (stored === null) await ctx.db.insert('settings', { key: SETTINGS_KEY, ...row })
    else await ctx.db.patch('settings', stored._id, row)
    return null
  },
})

/** What the OR3 admin page shows about the deployment. */
export const status = query({
  args: {},
  returns: v.object({
    backendVersion: v.number(),
    configured: v.boolean(),
    clerkIssuerConfigured: v.boolean(),
    or3IssuerConfigured: v.boolean(),
    syncRetentionMs: v.number(),
  }),
  handler: async (ctx) => {
    await requireServer(ctx)
    return {
      backendVersion: BACKEND_VERSION,
      configured: (await findSettings(ctx)) !== null,
      clerkIssuerConfigured: Boolean(process.env.CLERK_JWT_ISSUER_DOMAIN),
      or3IssuerConfigured: Boolean(process.env.OR3_JWT_ISSUER && process.env.OR3_JWKS),
      syncRetentionMs: (await readSettings(ctx)).syncRetentionMs,
    }
  },
})
