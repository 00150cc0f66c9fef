import { defineEventHandler } from 'h3'
import { ProviderError } from 'or3-provider-kit'
import { sendProviderError } from 'or3-provider-kit/server'
import { activeConvex } from '../active-convex'

/**
 * Where a browser in direct sync mode finds the deployment: its URL (no secret; the page's
 * Content-Security-Policy names it anyway). The browser's token comes from core's
 * `POST /api/auth/token`. 404 unless this server syncs through Convex in direct mode.
 */
export default defineEventHandler((event) => {
  const active = activeConvex()
  if (!active || active.syncMode !== 'direct') {
    return sendProviderError(event, new ProviderError('NOT_FOUND', 'This server does not sync with Convex directly'), { label: 'or3-provider-convex' })
  }
  return { url: active.url }
})
