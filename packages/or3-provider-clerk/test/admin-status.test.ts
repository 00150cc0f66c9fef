import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

// Shape, secrets and a Backend API that is down: the kit's ProviderAdminAdapter suite (conformance.test.ts).
describe('the admin status', () => {
  it('says when Clerk refuses the secret key', async () => {
    h = await createHarness({ env: { NUXT_CLERK_SECRET_KEY: 'sk_live_revoked_key' } })
    const status = await h.provider.admin.getStatus()
    expect(status.healthy).toBe(false)
    expect(status.warnings).toContain('Clerk refused the secret key with HTTP 401 (Unauthorized request): check NUXT_CLERK_SECRET_KEY')
    expect(JSON.stringify(status)).not.toContain('sk_live_revoked_key')
  })
})
