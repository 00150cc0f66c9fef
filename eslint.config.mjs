// @ts-check
// Provider packages: Nuxt's flat config for modules. The host app lints with its own
// generated config (apps/or3-chat/eslint.config.mjs).
import { createConfigForNuxt } from '@nuxt/eslint-config/flat'
import { withoutExtension, withTsExtension } from './eslint/relative-imports.mjs'

export default createConfigForNuxt({ features: { tooling: true, stylistic: false } }).append(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nuxt/**', '**/.output/**', 'apps/**'],
  },
  withoutExtension,
  withTsExtension,
)
