import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getServerRegistries } from 'or3-provider-kit/server'
import { describe, expect, it, vi } from 'vitest'
import { installBasicAuth, useBasicAuth } from '../src/runtime'
import { testConfig } from './support/test-config'

const added = vi.hoisted(() => ({
  handlers: [] as Array<{ route: string; method: string; handler: string }>,
  serverPlugins: [] as string[],
  plugins: [] as Array<{ src: string; mode: string }>,
  pages: [] as Array<{ path: string; file: string }>,
}))

vi.mock('@nuxt/kit', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@nuxt/kit')>()),
  // The module's definition as written, so its setup can run without a Nuxt instance.
  defineNuxtModule: (definition: unknown) => definition,
  addServerHandler: (handler: (typeof added.handlers)[number]) => added.handlers.push(handler),
  addServerPlugin: (plugin: string) => added.serverPlugins.push(plugin),
  addPlugin: (plugin: (typeof added.plugins)[number]) => added.plugins.push(plugin),
  extendPages: (extend: (pages: typeof added.pages) => void) => extend(added.pages),
}))

// The Nitro runtime only exists inside a built server; the plugin needs nothing of it but the wrapper.
vi.mock('nitropack/runtime', () => ({ defineNitroPlugin: (plugin: unknown) => plugin }))

const routesDir = join(import.meta.dirname, '../src/runtime/server/routes')

describe('Nuxt module', () => {
  it('adds one POST handler per route file, the Nitro plugin, the client plugins and the reset page, all existing files', async () => {
    const { default: definition } = (await import('../src/module')) as unknown as {
      default: { setup: (options: object, nuxt: object) => void }
    }
    definition.setup({}, {})

    const routeFiles = readdirSync(routesDir).map((file) => file.replace(/\.ts$/, ''))
    expect(added.handlers.map((h) => h.handler.split('/').pop()).sort()).toEqual(routeFiles.sort())
    for (const handler of added.handlers) {
      expect(handler.method).toBe('post')
      expect(handler.route).toMatch(/^\/api\/basic-auth\/[a-z-]+$/)
      expect(existsSync(`${handler.handler}.ts`), handler.handler).toBe(true)
    }
    expect(added.serverPlugins).toHaveLength(1)
    expect(existsSync(`${added.serverPlugins[0]}.ts`)).toBe(true)
    expect(added.plugins.map((p) => p.mode)).toEqual(['client', 'client'])
    for (const plugin of added.plugins) expect(existsSync(`${plugin.src}.ts`), plugin.src).toBe(true)
    // The page a password-reset link opens.
    expect(added.pages.map((page) => page.path)).toEqual(['/reset-password'])
    expect(existsSync(added.pages[0]!.file)).toBe(true)
  })
})

describe('Nitro plugin', () => {
  it('registers factories that open basic-auth only when core resolves it, once per process', async () => {
    const { default: plugin } = (await import('../src/runtime/server/plugins/register')) as unknown as {
      default: (nitro: object) => void
    }
    const registries = getServerRegistries()
    registries.auth.reset()
    plugin({})
    expect(registries.auth.has('basic-auth')).toBe(true)
    expect(registries.tokenBroker.has('basic-auth')).toBe(true)
    expect(registries.admin.has('basic-auth')).toBe(true)
    expect(() => useBasicAuth()).toThrow(/not enabled on this server/)

    const dataDir = mkdtempSync(join(tmpdir(), 'or3-basic-auth-plugin-'))
    const ctx = { config: testConfig(), env: { OR3_DATA_DIR: dataDir } }
    try {
      const auth = registries.auth.resolve('basic-auth', ctx)
      expect(auth.id).toBe('basic-auth')
      expect(existsSync(join(dataDir, 'basic-auth.sqlite'))).toBe(true)
      const admin = registries.admin.resolve('basic-auth', ctx)
      // Same instance behind every contract and the routes.
      expect((await admin.getStatus()).details?.database).toBe(useBasicAuth().settings.databasePath)
      expect(useBasicAuth().authProvider).toBe(auth)
    } finally {
      useBasicAuth().close()
      installBasicAuth(null)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
