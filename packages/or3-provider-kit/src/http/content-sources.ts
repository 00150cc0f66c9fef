/**
 * Sources a provider's pages need beyond the app's own origin (e.g. an auth service's script and
 * API hosts), added to the host's Content-Security-Policy. Providers call `allowContentSources`
 * from their Nitro plugin, with values read from env at boot; the host merges what was added
 * into the policy once its plugins have run. Only remote origins can be added: no keyword
 * (`'unsafe-inline'`, `'unsafe-eval'`, nonces) and no scheme-wide source, so a provider can widen
 * where things load from but never weaken how scripts are trusted.
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

/** Adds sources to the policy's directives. Throws on anything but a remote https/wss origin. */
export function allowContentSources(sources: ContentSources): void {
  for (const [directive, values] of Object.entries(sources) as Array<[ContentSourceDirective, readonly string[]]>) {
    if (!CONTENT_SOURCE_DIRECTIVES.includes(directive)) {
      throw new Error(`allowContentSources: '${directive}' is not one of ${CONTENT_SOURCE_DIRECTIVES.join(', ')}`)
    }
    for (const value of values) {
      if (!REMOTE_SOURCE.test(value)) {
        throw new Error(
          `allowContentSources: '${value}' for ${directive} is not an https:// or wss:// origin; ` +
            'only remote origins can be added to the Content-Security-Policy',
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
