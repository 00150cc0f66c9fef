import { ProviderError } from 'or3-provider-kit'
import type { ContentSources } from 'or3-provider-kit/server'
import { CLERK_ENV, type ClerkSettings } from './settings'

/** Clerk's bot protection on sign-up (Cloudflare Turnstile): clerk-js loads its script, which draws in a frame. */
const BOT_PROTECTION_ORIGIN = 'https://challenges.cloudflare.com'
/** Avatars, logos and sign-in method icons in Clerk's UI. */
const CLERK_IMAGES_ORIGIN = 'https://img.clerk.com'

/**
 * The origins browsers reach for Clerk, for the page's Content-Security-Policy (added only where
 * Clerk is the auth provider): the Frontend API, which clerk-js calls with `fetch`; where clerk-js
 * and Clerk's UI load from (the Frontend API's host unless self-hosted); Clerk's images; and the
 * bot protection's script and frame. What the deployment's own origin serves (a proxy path such as
 * `/__clerk`, self-hosted scripts) needs nothing. The rest Clerk needs is in the host's base policy
 * already: `worker-src blob:` (clerk-js's session timers) and `style-src 'unsafe-inline'` (Clerk's UI
 * injects its styles at run time), so nothing here widens how scripts or styles are trusted.
 */
export function clerkContentSources(settings: ClerkSettings): ContentSources {
  const ownOrigins = new Set(settings.authorizedParties)
  /** The origin a browser-facing setting points at, or none when it is this deployment's. */
  const remoteOrigin = (url: string, variable: string): string[] => {
    if (url.startsWith('/')) return []
    const { origin, protocol, hostname } = new URL(url)
    if (ownOrigins.has(origin)) return []
    if (protocol !== 'https:' && !isLoopback(hostname)) {
      throw new ProviderError(
        'NOT_CONFIGURED',
        `${variable} must be an https:// URL, or a path on this deployment such as /__clerk (got '${url}'): ` +
          'browsers reach Clerk over HTTPS only',
      )
    }
    return [origin]
  }

  const frontendApi = settings.proxyUrl ? remoteOrigin(settings.proxyUrl, CLERK_ENV.proxyUrl) : [`https://${settings.frontendApi}`]
  // As @clerk/shared builds the script URLs: under the proxy (always over https) or the Frontend API host.
  const scriptHost = settings.proxyUrl
    ? settings.proxyUrl.startsWith('/')
      ? []
      : remoteOrigin(`https://${new URL(settings.proxyUrl).host}`, CLERK_ENV.proxyUrl)
    : [`https://${settings.frontendApi}`]
  const scripts = [
    ...(settings.jsUrl ? remoteOrigin(settings.jsUrl, CLERK_ENV.jsUrl) : scriptHost),
    ...(settings.uiUrl ? remoteOrigin(settings.uiUrl, CLERK_ENV.uiUrl) : scriptHost),
  ]
  return {
    'connect-src': frontendApi,
    'script-src': [...new Set([...scripts, BOT_PROTECTION_ORIGIN])],
    'img-src': [CLERK_IMAGES_ORIGIN],
    'frame-src': [BOT_PROTECTION_ORIGIN],
  }
}

/** Names browsers resolve to this machine: a local Frontend API (a developer's, or a test double) has no TLS. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]'
}
