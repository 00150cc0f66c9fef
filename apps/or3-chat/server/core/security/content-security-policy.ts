/**
 * The Content-Security-Policy every page is served with (nuxt-security fills in the nonce per
 * response). Nothing loads from another origin: fonts and icons are bundled, the LLM is reached
 * through this server. Provider modules add remote origins they need with the kit's
 * `allowContentSources` (see docs/writing-a-provider.md); `extendContentSecurityPolicy` merges
 * them in at boot.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'script-src': ["'self'", "'strict-dynamic'", "'nonce-{{nonce}}'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  // Attachment previews are blob: URLs; Nuxt UI draws some icons as data: images.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'frame-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'manifest-src': ["'self'"],
  // Off: it would rewrite requests of a plain-HTTP LAN install to HTTPS and break it.
  'upgrade-insecure-requests': false,
}
