// Admin adapters with ONE deliberate defect each, around the kit's memory admin adapter.
import type { ProviderAdminAdapter } from '../../src/contracts/server.ts'
import { createMemoryAdminAdapter, type AdminAdapterFactory } from '../../src/testing/index.ts'

const SECRET = 'memory-secret-value-0123456789'

const adminFactory = (defect: (inner: ProviderAdminAdapter, secret: string) => ProviderAdminAdapter): AdminAdapterFactory => ({
  create: () => {
    let up = true
    const backend = { check: () => { if (!up) throw new Error('connection refused') } }
    return { adapter: defect(createMemoryAdminAdapter({ secret: SECRET, backend }), SECRET), secrets: [SECRET], breakBackend: async () => { up = false } }
  },
})

/** Shows the configured key in its details "to help debugging". */
export const showsSecret = adminFactory((inner, secret) => ({
  id: inner.id,
  getStatus: async () => ({ ...(await inner.getStatus()), details: { key: secret } }),
}))

/** Lets a backend failure escape as an exception, which breaks the whole admin page. */
export const throwsWhenBroken = adminFactory((inner) => ({
  id: inner.id,
  async getStatus() {
    const status = await inner.getStatus()
    if (!status.healthy) throw new Error(status.warnings[0])
    return status
  },
}))

/** Reports healthy whatever the backend says. */
export const alwaysHealthy = adminFactory((inner) => ({
  id: inner.id,
  getStatus: async () => ({ ...(await inner.getStatus()), healthy: true, warnings: [] }),
}))

/** Reports under another id than its own. */
export const wrongId = adminFactory((inner) => ({ id: inner.id, getStatus: async () => ({ ...(await inner.getStatus()), id: 'sqlite' }) }))
