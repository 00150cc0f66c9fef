import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { minimal2023Preset } from '@vite-pwa/assets-generator/config'
import type { ModuleOptions } from '@vite-pwa/nuxt'

/** The page the service worker serves for a navigation when the server cannot be reached. */
export const APP_SHELL_PATH = '/app-shell'

/** The logo's colour (emerald-500, the app's primary), for the install screen and the maskable icon. */
const BRAND_COLOR = '#00bc7d'

/**
 * Installable and offline-capable, through @vite-pwa/nuxt (vite-plugin-pwa + Workbox's
 * generateSW): a manifest, icons rendered at build time from public/app-icon.svg (the logo) by
 * @vite-pwa/assets-generator (sharp, whose prebuilt binary is an npm package), and a service worker.
 *
 * What the worker does, and why:
 * - It precaches the built client (JS, CSS, icons) and one server-rendered-free page, the app
 *   shell (`ssr: false`, see routeRules in nuxt.config.ts), all from this one build.
 * - A navigation always goes to the server (a fresh page with a fresh CSP nonce); only when that
 *   fails does the worker answer with the precached shell, which then renders the URL asked for
 *   from the device's local data. A cached page is never mixed with another build's scripts.
 * - Nothing else is routed through it: /api/** and every other request go to the network as if
 *   there were no worker.
 * - A new build is a new worker that waits (`registerType: 'prompt'`) until the person reloads
 *   through the update prompt (UpdatePrompt.vue); the open tab keeps its own build meanwhile.
 */
export function pwaOptions(): Partial<ModuleOptions> {
  return {
    registerType: 'prompt',
    manifest: {
      name: 'OR3 Chat',
      short_name: 'OR3',
      description: 'Local-first AI chat: your chats live on this device and sync when you are online.',
      theme_color: BRAND_COLOR,
      background_color: '#ffffff',
      display: 'standalone',
      start_url: '/',
      scope: '/',
    },
    pwaAssets: {
      // Absolute, so a host that extends this app as a layer renders the same icons.
      image: fileURLToPath(new URL('./public/app-icon.svg', import.meta.url)),
      preset: {
        ...minimal2023Preset,
        // The maskable icon's safe zone is filled with the logo's colour rather than white.
        maskable: { ...minimal2023Preset.maskable, resizeOptions: { background: BRAND_COLOR } },
        apple: { ...minimal2023Preset.apple, resizeOptions: { background: BRAND_COLOR } },
      },
      overrideManifestIcons: true,
      injectThemeColor: true,
    },
    workbox: {
      // KaTeX's fonts (loaded only by a message with math) stay out: the first visit stays small.
      globPatterns: ['**/*.{js,css}', '*.{svg,png,ico}'],
      globIgnores: ['**/*.br', '**/*.gz'],
      // No navigation fallback for every page: the shell is only the answer when the network fails.
      navigateFallback: null,
      // The worker's own CSP is the page policy ('strict-dynamic' + nonce), which would refuse
      // importScripts of a separate workbox file: the runtime is inlined into sw.js instead.
      inlineWorkboxRuntime: true,
      cleanupOutdatedCaches: true,
      // Every build gets a new shell revision, so every deployment is a new worker to prompt for.
      additionalManifestEntries: [{ url: APP_SHELL_PATH, revision: randomUUID() }],
      runtimeCaching: [
        {
          urlPattern: ({ request, url }) => request.mode === 'navigate' && !url.pathname.startsWith('/api/'),
          handler: 'NetworkOnly',
          options: { precacheFallback: { fallbackURL: APP_SHELL_PATH } },
        },
      ],
    },
    registerWebManifestInRouteRules: true,
    // An open tab asks for a new worker hourly too (the browser itself checks on each navigation).
    client: { registerPlugin: true, installPrompt: false, periodicSyncForUpdates: 3600 },
  }
}
