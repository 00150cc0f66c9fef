import { fileURLToPath } from 'node:url'
import { or3ProviderModules } from './or3.providers.generated'
import { CONTENT_SECURITY_POLICY } from './server/core/security/content-security-policy'
import { APP_SHELL_PATH, pwaOptions } from './pwa.config'

export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  modules: ['@nuxt/ui', '@nuxt/eslint', 'nuxt-security', '@vite-pwa/nuxt', ...or3ProviderModules],
  // Installable, and opens offline from the service worker's app shell (see pwa.config.ts).
  pwa: pwaOptions(),
  // The shell is rendered in the browser, so it holds no one's data and fits any URL it answers for.
  routeRules: { [APP_SHELL_PATH]: { ssr: false } },
  // Resolved from this file, so the app also works as a layer (the test fixture host extends it).
  css: [fileURLToPath(new URL('./app/assets/css/main.css', import.meta.url))],
  // The code the app and the server share (shared/) is imported as #shared/..., which Nuxt keeps
  // out of the Vite SSR bundle for Nitro to resolve; #shared names the shared folder of the project
  // being built, so a project that extends this app must mean this app's. (A relative import into
  // shared/ is no way out: the SSR build externalizes it too, and writes a path one level off.)
  dir: { shared: fileURLToPath(new URL('./shared', import.meta.url)) },
  // @vite-pwa/nuxt finds the public folder as the alias `public` (else `<cwd>/public`) and writes the
  // icons it renders from public/app-icon.svg by their path relative to it: in a host that extends
  // this app, that folder must be this app's too, or the icons land outside the host's build.
  alias: { public: fileURLToPath(new URL('./public', import.meta.url)) },
  devtools: { enabled: false },
  telemetry: false,
  ui: { fonts: false },
  icon: {
    // Icons come from the locally installed @iconify-json collections: the client bundle holds the
    // host's own, and any other (e.g. a provider component's) is served by this server from the
    // same local collections. The public Iconify API is never called.
    serverBundle: 'local',
    fallbackToApi: false,
    clientBundle: { scan: true },
  },
  nitro: {
    // Node's HTTP server, run by Bun (`bun .output/server/index.mjs`): it streams request bodies,
    // exposes the client address and has no short idle timeout, unlike the bun preset, which
    // buffers every body and drops streams idle for 10 s. `bun:*` modules stay runtime imports.
    preset: 'node-server',
    rollupConfig: { external: [/^bun:/] },
    // Bundled like Nitro's own h3, so the kit's HTTP edge uses the server's h3. Installed from a
    // registry (not a workspace) the kit would otherwise stay external and pull a traced h3 whose
    // `bun` export condition points at a file the tracer, following Node's conditions, never copied.
    externals: { inline: ['or3-provider-kit'] },
    // Brotli and gzip copies of every public asset, made at build time and served to browsers
    // that accept them: the first visit downloads about a quarter of the bytes. Hashed files
    // under /_nuxt/ are already served `immutable` for a year by Nuxt.
    compressPublicAssets: { gzip: true, brotli: true },
  },
  app: {
    head: {
      // The UI is in English; screen readers pick their voice from this.
      htmlAttrs: { lang: 'en' },
      script: [
        {
          // Zod compiles object parsers with `new Function` when it may, and probes whether it may
          // when a schema is built, which happens as modules load, before any plugin runs. The
          // CSP forbids eval, so every page would report that probe as a violation: tell zod,
          // through its global config (shared by every copy in the bundle), to parse without
          // compiling. This inline script carries the page's nonce like every other.
          key: 'zod-without-eval',
          innerHTML: 'globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true})',
          tagPriority: 'critical',
        },
      ],
    },
  },
  // Security headers only. Body limits, CSRF, CORS and rate limits are the request pipeline's and
  // the kit's (one mechanism for core and provider routes), so the module's own are off.
  security: {
    // A fresh nonce per page on every inline and bundled script; 'strict-dynamic' lets those load
    // the rest of the app. Styles stay 'unsafe-inline' (Vue and Nuxt UI set style attributes).
    nonce: true,
    sri: true,
    headers: {
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
      // HSTS belongs to whoever terminates TLS; sent from here it would pin a LAN address to HTTPS.
      strictTransportSecurity: false,
    },
    hidePoweredBy: true,
    requestSizeLimiter: false,
    rateLimiter: false,
    xssValidator: false,
    corsHandler: false,
    allowedMethodsRestricter: false,
    removeLoggers: false,
  },
  typescript: {
    strict: true,
  },
})
