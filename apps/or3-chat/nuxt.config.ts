import { or3ProviderModules } from './or3.providers.generated'

export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  modules: ['@nuxt/ui', '@nuxt/eslint', ...or3ProviderModules],
  css: ['~/assets/css/main.css'],
  devtools: { enabled: false },
  telemetry: false,
  ui: { fonts: false },
  icon: {
    // Icons come from the locally installed @iconify-json collections only.
    provider: 'none',
    fallbackToApi: false,
    clientBundle: { scan: true },
  },
  nitro: {
    preset: 'bun',
  },
  typescript: {
    strict: true,
  },
})
