import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clerk, clerkSetup } from '../fixtures/clerk-host/live-testing'
import { startClerkHostServer, type ClerkHostServer } from '../integration/support/clerk-host'
import { launchBrowser } from './support/browser'

/**
 * LIVE: a real Clerk development instance, reached over the network. Runs only with CLERK_E2E=1
 * and the instance's keys; every other run skips it and says why. The instance needs a user with
 * CLERK_E2E_USER_EMAIL.
 */
const NEEDED = ['CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_E2E_USER_EMAIL'] as const
const missing = NEEDED.filter((name) => !process.env[name])
const skipReason =
  process.env.CLERK_E2E !== '1'
    ? 'set CLERK_E2E=1 with a Clerk development instance to run them'
    : missing.length > 0
      ? `set ${missing.join(', ')}`
      : null
if (skipReason) console.log(`Clerk live tests skipped: ${skipReason}.`)

describe.skipIf(skipReason !== null)('Clerk live: a real instance', () => {
  let server: ClerkHostServer
  let browser: Browser

  beforeAll(async () => {
    // A real development instance: browsers reach the app on localhost, which Clerk allows.
    server = await startClerkHostServer(
      {
        // A development instance's keys, on a server started in production mode.
        OR3_CLERK_ALLOW_TEST_KEYS: 'true',
        NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: process.env.CLERK_PUBLISHABLE_KEY!,
        NUXT_CLERK_SECRET_KEY: process.env.CLERK_SECRET_KEY!,
        ...(process.env.CLERK_JWT_KEY ? { NUXT_CLERK_JWT_KEY: process.env.CLERK_JWT_KEY } : {}),
      },
      { host: 'localhost' },
    )
    // A testing token, so Clerk's bot protection lets the automated browser through.
    await clerkSetup({ publishableKey: process.env.CLERK_PUBLISHABLE_KEY, secretKey: process.env.CLERK_SECRET_KEY })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  // The host mints a token only for a provider it runs (POST /api/auth/token): on this preset,
  // without Convex, the answer is null. Live minting of the convex template needs a clerk-convex host.
  it('signs in for real through @clerk/testing; mints no Convex token on a preset without Convex', async () => {
    const page = await browser.newPage()
    await page.goto(server.origin)
    await clerk.signIn({ page, emailAddress: process.env.CLERK_E2E_USER_EMAIL! })
    await page.getByTestId('new-chat').waitFor({ timeout: 30_000 })

    const session = await page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))
    expect(session).toMatchObject({ authenticated: true, authProvider: 'clerk' })
    expect(session.user.email).toBe(process.env.CLERK_E2E_USER_EMAIL!.toLowerCase())

    const minted = await page.evaluate(() =>
      fetch('/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ providerId: 'convex' }),
      }).then((r) => r.json()),
    )
    expect(minted).toEqual({ token: null })
  })
})
