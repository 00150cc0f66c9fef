import { runWithCaller } from 'or3-provider-kit/server'
import {
  testAdminAdapter,
  testBackgroundJobStore,
  testNotificationEmitter,
  testRateLimitStore,
  testStorageGateway,
  testSyncGateway,
  workspaceStoreCases,
  type WorkspaceStoreFactory,
} from 'or3-provider-kit/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { createConvexProvider, type ConvexProvider } from '../src/runtime/index'
import type { TestIssuer } from '../src/testing/test-issuer'
import { deployTemplates, LIVE_ENV, liveSettings } from './support/live-backend'
import { asCoreCallsIt, callerWith, downloadFromConvex, newServerKey, uploadToConvex } from './support/module-deployment'
import { TEST_SETTINGS } from './support/template-backend'

// Live, gated: with a real deployment's URL and deploy key in the environment, deploy the
// templates (trusting a test issuer and the module's server key) and run the kit's conformance
// suites through the module's adapters against it, on the wall clock (cases that move a clock
// are skipped) and on a deployment that is not empty (the first-user-is-admin case is skipped).
// Use a dedicated dev deployment: the run changes its env and settings and writes test data.

const live = liveSettings()

if (live === null) {
  const reason = `live Convex module tests skipped: set ${LIVE_ENV.url} (a dev deployment's URL) and ${LIVE_ENV.deployKey} (its deploy key) to run them`
  console.log(reason)
  describe('the module on a live deployment', () => {
    it.skip(reason, () => {})
  })
} else {
  const serverKey = newServerKey()
  let issuer: TestIssuer
  let provider: ConvexProvider
  beforeAll(async () => {
    issuer = await deployTemplates(live, { alsoTrust: [serverKey.publicJwk] })
    provider = createConvexProvider({ url: live.url, issuer: issuer.issuer, serverKey })
  }, 300_000)
  const configured = async (settings: Partial<typeof TEST_SETTINGS> = {}) => {
    const instance = createConvexProvider({ url: live.url, issuer: issuer.issuer, serverKey, deploymentSettings: { ...TEST_SETTINGS, ...settings } })
    expect(await instance.configuration?.configured(), 'the live deployment took the settings').toBe(true)
    return instance
  }
  const wall = { clock: 'wall' as const }

  describe('WorkspaceStore conformance: convex module, live', () => {
    const factory: WorkspaceStoreFactory = { create: () => asCoreCallsIt(provider.workspaces, issuer) }
    for (const conformanceCase of workspaceStoreCases) {
      const needsEmpty = /first user of a store is its admin/.test(conformanceCase.name)
      it.skipIf(needsEmpty || conformanceCase.needsClock)(conformanceCase.name, () => conformanceCase.run(factory))
    }
  })
  testSyncGateway({ name: 'convex module, live', ...wall, create: () => provider.sync, requires: ['gcChangeLog', 'gcTombstones', 'watch'] })
  testStorageGateway({
    name: 'convex module, live',
    ...wall,
    create: async ({ limits, uploadGraceMs }) => ({
      adapter: (await configured({ ...limits, uploadGraceMs })).storage,
      upload: uploadToConvex,
      download: downloadFromConvex,
    }),
  })
  testRateLimitStore({ name: 'convex module, live', ...wall, create: () => provider.limits })
  testBackgroundJobStore({ name: 'convex module, live', ...wall, create: () => provider.jobs })
  testNotificationEmitter({ name: 'convex module, live', ...wall, create: () => ({ emitter: provider.notifications, sync: provider.sync }) })
  testAdminAdapter({
    name: 'convex module, live',
    create: () => ({ adapter: provider.admin, secrets: [serverKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()] }),
  })

  it("a user's call runs as that user on the live deployment", async () => {
    const caller = callerWith(() => issuer.mint({ sub: `live-${crypto.randomUUID()}`, email: 'live@example.test' }))
    const personal = await runWithCaller(caller, async () => {
      const { user } = await provider.workspaces.getOrCreateUser({ provider: 'live', providerUserId: 'x' })
      return provider.workspaces.ensurePersonalWorkspace(user.id)
    })
    expect(personal.isPersonal).toBe(true)
  })
}
