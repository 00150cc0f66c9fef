import { beforeAll, describe, it } from 'vitest'
import { identityCases } from './cases/identity-cases'
import { invitationCases } from './cases/invitation-cases'
import { serverWorkCases } from './cases/server-work-cases'
import { storageCases } from './cases/storage-cases'
import { syncCases } from './cases/sync-cases'
import { workspaceCases } from './cases/workspace-cases'
import type { TestIssuer } from '../src/testing/test-issuer'
import { createLiveBackend, deployTemplates, LIVE_ENV, liveSettings } from './support/live-backend'
import { runTemplateCases, type BackendFactory } from './support/run-cases'

// Live, gated: with a real deployment's URL and deploy key in the environment, deploy the
// templates and run the template cases against it. Use a dedicated dev deployment: the run
// changes its env (OR3_JWT_ISSUER, OR3_JWKS), its settings and writes test data.

const live = liveSettings()

if (live === null) {
  const reason = `live Convex tests skipped: set ${LIVE_ENV.url} (a dev deployment's URL) and ${LIVE_ENV.deployKey} (its deploy key) to run them`
  console.log(reason)
  describe('templates on a live deployment', () => {
    it.skip(reason, () => {})
  })
} else {
  let issuer: TestIssuer
  beforeAll(async () => {
    issuer = await deployTemplates(live)
  }, 300_000)
  const factory: BackendFactory = async () => createLiveBackend(live, issuer)
  const options = { clock: false, empty: false }
  runTemplateCases('templates live: identity', identityCases, factory, options)
  runTemplateCases('templates live: workspaces and members', workspaceCases, factory, options)
  runTemplateCases('templates live: invitations', invitationCases, factory, options)
  runTemplateCases('templates live: sync', syncCases, factory, options)
  runTemplateCases('templates live: storage', storageCases, factory, options)
  runTemplateCases('templates live: jobs, limits, maintenance', serverWorkCases, factory, options)
}
