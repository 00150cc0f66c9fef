/**
 * Sources a provider's pages need beyond the app's own origin (e.g. an auth service's script and
 * API hosts), added to the host's Content-Security-Policy. Providers call `allowContentSources`
 * from their Nitro plugin, with values read from env at boot; the host merges what was added
 * into the policy once its plugins have run. Only remote origins can be added: no keyword
 * (`'unsafe-inline'`, `'unsafe-eval'`, nonces) and no scheme-wide source, so a provider can widen
 * where things load from but never weaken how scripts are trusted. Origins are `https://` or
 * `wss://`, except on this machine's loopback names (`http://localhost:8080`, `ws://127.0.0.1:9000`,
 * `http://app.localhost:3000`): a service a developer or a test runs locally has no TLS, and a page
 * can reach nothing beyond the user's own machine through them.
 */
export const CONTENT_SOURCE_DIRECTIVES = [
  'script-src',
  'connect-src',
  'frame-src',
  'img-src',
  'style-src',
  'font-src',
  'worker-src',
  'media-src',
] as const

export type ContentSourceDirective = (typeof CONTENT_SOURCE_DIRECTIVES)[number]
export type ContentSources = Partial<Record<ContentSourceDirective, readonly string[]>>

const HOLDER = Symbol.for('or3.provider-kit.content-sources')
type Holder = typeof globalThis & { [HOLDER]?: Map<ContentSourceDirective, Set<string>> }

function sourcesByDirective(): Map<ContentSourceDirective, Set<string>> {
  const holder = globalThis as Holder
  return (holder[HOLDER] ??= new Map())
}

// https://host, wss://host:port, https://*.example.com; a path is allowed (CSP matches on it).
const REMOTE_SOURCE = /^(?:https|wss):\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?(?:\/[^\s;,']*)?$/i
// http or ws on loopback only: localhost, *.localhost (browsers resolve it to this machine), 127.0.0.1, [::1].
const LOOPBACK_SOURCE = /^(?:http|ws):\/\/(?:(?:[a-z0-9-]+\.)*localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?(?:\/[^\s;,']*)?$/i

/** Adds sources to the policy's directives. Throws on anything but an https/wss (or loopback http/ws) origin. */
export function allowContentSources(sources: ContentSources): void {
  for (const [directive, values] of Object.entries(sources) as Array<[ContentSourceDirective, readonly string[]]>) {
    if (!CONTENT_SOURCE_DIRECTIVES.includes(directive)) {
      throw new Error(`allowContentSources: '${directive}' is not one of ${CONTENT_SOURCE_DIRECTIVES.join(', ')}`)
    }
    for (const value of values) {
      if (!REMOTE_SOURCE.test(value) && !LOOPBACK_SOURCE.test(value)) {
        throw new Error(
          `allowContentSources: '${value}' for ${directive} is not an https:// or wss:// origin (http:// and ws:// only on loopback); ` +
            'only origins can be added to the Content-Security-Policy',
        )
      }
    }
  }
  const all = sourcesByDirective()
  for (const [directive, values] of Object.entries(sources) as Array<[ContentSourceDirective, readonly string[]]>) {
    const set = all.get(directive) ?? new Set<string>()
    for (const value of values) set.add(value)
    all.set(directive, set)
  }
}

/** What providers added so far, by directive. */
export function allowedContentSources(): Record<ContentSourceDirective, string[]> {
  const all = sourcesByDirective()
  return Object.fromEntries(
    CONTENT_SOURCE_DIRECTIVES.map((directive) => [directive, [...(all.get(directive) ?? [])]]),
  ) as Record<ContentSourceDirective, string[]>
}

/** Forgets every added source (tests). */
export function resetContentSources(): void {
  sourcesByDirective().clear()
}
