import { inject } from 'vitest'
import { identityCases } from './cases/identity-cases'
import { invitationCases } from './cases/invitation-cases'
import { serverWorkCases } from './cases/server-work-cases'
import { storageCases } from './cases/storage-cases'
import { syncCases } from './cases/sync-cases'
import { workspaceCases } from './cases/workspace-cases'
import { createHttpDoubleBackend } from './support/http-backend'
import { runTemplateCases, type BackendFactory } from './support/run-cases'

// The same template cases through the deployment double: real RS256 tokens checked against the
// JWKS auth.config.ts names, the real ConvexHttpClient, and storage URLs served over HTTP.
const factory: BackendFactory = (clock) => createHttpDoubleBackend(inject('functionsDir'), clock)

runTemplateCases('templates over HTTP: identity', identityCases, factory, { clock: true, empty: true })
runTemplateCases('templates over HTTP: workspaces and members', workspaceCases, factory, { clock: true, empty: true })
runTemplateCases('templates over HTTP: invitations', invitationCases, factory, { clock: true, empty: true })
runTemplateCases('templates over HTTP: sync', syncCases, factory, { clock: true, empty: true })
runTemplateCases('templates over HTTP: storage', storageCases, factory, { clock: true, empty: true })
runTemplateCases('templates over HTTP: jobs, limits, maintenance', serverWorkCases, factory, { clock: true, empty: true })
