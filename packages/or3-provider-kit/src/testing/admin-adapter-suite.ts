import { expect } from 'vitest'
import type { ProviderAdminAdapter, ProviderStatus } from '../contracts/server.ts'
import { MissingCapabilityError, runConformanceSuite, withInstance, type ConformanceCase, type ConformanceFactory, type SuiteOptions } from './harness.ts'

export interface AdminAdapterHarness {
  adapter: ProviderAdminAdapter
  /** Values the status must never show: keys, secrets, tokens the provider was configured with. */
  secrets: string[]
  /** Breaks what the adapter reports on (closes the database, stops the upstream API). */
  breakBackend?(): Promise<void>
}

export type AdminAdapterFactory<T extends AdminAdapterHarness = AdminAdapterHarness> = ConformanceFactory<Record<string, never>, T>
export type AdminAdapterCapability = 'breakBackend'

type AdminCase = ConformanceCase<AdminAdapterFactory>

const withHarness = (factory: AdminAdapterFactory, body: (h: AdminAdapterHarness) => Promise<void>) => withInstance(factory, {}, body)

function expectStatusShape(status: ProviderStatus, id: string) {
  expect(status.id, 'the status names the adapter').toBe(id)
  expect(typeof status.kind === 'string' && status.kind.length > 0, 'kind says what the provider is').toBe(true)
  expect(typeof status.configured).toBe('boolean')
  expect(typeof status.healthy).toBe('boolean')
  expect(Array.isArray(status.warnings) && status.warnings.every((w) => typeof w === 'string' && w.trim().length > 0), 'warnings are sentences').toBe(true)
  for (const [key, value] of Object.entries(status.details ?? {})) {
    expect(['string', 'number', 'boolean'], `details.${key} is a plain value`).toContain(typeof value)
  }
}

export const adminAdapterCases: readonly AdminCase[] = [
  {
    name: 'getStatus: has the contract shape and the adapter id',
    run: (factory) =>
      withHarness(factory, async (h) => {
        expectStatusShape(await h.adapter.getStatus(), h.adapter.id)
      }),
  },
  {
    name: 'getStatus: never shows a secret the provider was configured with',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const text = JSON.stringify(await h.adapter.getStatus())
        for (const secret of h.secrets) expect(text.includes(secret), 'a secret appears in the status').toBe(false)
      }),
  },
  {
    name: 'getStatus: a broken backend is reported as unhealthy with a warning, not thrown',
    run: (factory) =>
      withHarness(factory, async (h) => {
        if (!h.breakBackend) throw new MissingCapabilityError('breakBackend')
        await h.breakBackend()
        const status = await h.adapter.getStatus()
        expectStatusShape(status, h.adapter.id)
        expect(status.healthy).toBe(false)
        expect(status.warnings.length, 'a warning says what is wrong').toBeGreaterThan(0)
        const text = JSON.stringify(status)
        for (const secret of h.secrets) expect(text.includes(secret), 'a secret appears in the failure').toBe(false)
      }),
  },
]

/** `testAdminAdapter({ name: 'sqlite', requires: ['breakBackend'], create: () => harness })`. */
export function testAdminAdapter<T extends AdminAdapterHarness>(options: AdminAdapterFactory<T> & SuiteOptions<AdminAdapterCapability>): void {
  runConformanceSuite('ProviderAdminAdapter', adminAdapterCases, options as unknown as AdminAdapterFactory, options)
}
