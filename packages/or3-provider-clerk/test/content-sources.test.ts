import { describe, expect, it } from 'vitest'
import { clerkContentSources, resolveClerkSettings } from '../src/runtime/index'
import { publishableKeyFor } from '../src/testing'
import { testConfig } from './support/test-config'

const KEYS = { NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('clerk.chat.example.com'), NUXT_CLERK_SECRET_KEY: 'sk_live_abc123' }
const BOT_PROTECTION = 'https://challenges.cloudflare.com'

function sourcesFor(env: Record<string, string>, allowedOrigins = ['https://chat.example.com']) {
  return clerkContentSources(resolveClerkSettings({ config: testConfig({ allowedOrigins }), env: { ...KEYS, ...env } }))
}

describe("the Content-Security-Policy sources Clerk adds", () => {
  it('names the Frontend API of the publishable key for calls and scripts, Clerk images and the bot protection', () => {
    expect(sourcesFor({})).toEqual({
      'connect-src': ['https://clerk.chat.example.com'],
      'script-src': ['https://clerk.chat.example.com', BOT_PROTECTION],
      'img-src': ['https://img.clerk.com'],
      'frame-src': [BOT_PROTECTION],
    })
  })

  it('follows a proxy on another host, where clerk-js also loads its scripts from over https', () => {
    const sources = sourcesFor({ NUXT_PUBLIC_CLERK_PROXY_URL: 'https://clerk-proxy.example.com:8443/__clerk' })
    expect(sources['connect-src']).toEqual(['https://clerk-proxy.example.com:8443'])
    expect(sources['script-src']).toEqual(['https://clerk-proxy.example.com:8443', BOT_PROTECTION])
  })

  it("adds nothing for what the deployment's own origin serves: a proxy path or self-hosted scripts", () => {
    const proxied = sourcesFor({ NUXT_PUBLIC_CLERK_PROXY_URL: '/__clerk' })
    expect(proxied['connect-src']).toEqual([])
    expect(proxied['script-src']).toEqual([BOT_PROTECTION])
    const sameOrigin = sourcesFor({
      NUXT_PUBLIC_CLERK_PROXY_URL: 'https://chat.example.com/__clerk',
      NUXT_PUBLIC_CLERK_JS_URL: 'https://chat.example.com/clerk/clerk.browser.js',
      NUXT_PUBLIC_CLERK_UI_URL: '/clerk/ui.browser.js',
    })
    expect(sameOrigin['connect-src']).toEqual([])
    expect(sameOrigin['script-src']).toEqual([BOT_PROTECTION])
  })

  it('takes self-hosted scripts from their own origins, and plain http only on loopback', () => {
    const sources = sourcesFor({
      NUXT_PUBLIC_CLERK_PROXY_URL: 'http://or3.localhost:4100',
      NUXT_PUBLIC_CLERK_JS_URL: 'http://or3.localhost:4100/scripts/clerk-js/clerk.browser.js',
      NUXT_PUBLIC_CLERK_UI_URL: 'https://cdn.example.com/ui.browser.js',
    })
    expect(sources['connect-src']).toEqual(['http://or3.localhost:4100'])
    expect(sources['script-src']).toEqual(['http://or3.localhost:4100', 'https://cdn.example.com', BOT_PROTECTION])
    expect(() => sourcesFor({ NUXT_PUBLIC_CLERK_JS_URL: 'http://cdn.example.com/clerk.browser.js' })).toThrow(
      "NUXT_PUBLIC_CLERK_JS_URL must be an https:// URL, or a path on this deployment such as /__clerk (got 'http://cdn.example.com/clerk.browser.js'): browsers reach Clerk over HTTPS only",
    )
    expect(() => sourcesFor({ NUXT_PUBLIC_CLERK_PROXY_URL: 'http://192.168.1.5:3000/__clerk' })).toThrow(/NUXT_PUBLIC_CLERK_PROXY_URL must be an https:\/\/ URL/)
  })
})
