import { inject } from 'vitest'
import { identityCases } from './cases/identity-cases'
import { invitationCases } from './cases/invitation-cases'
import { serverWorkCases } from './cases/server-work-cases'
import { storageCases } from './cases/storage-cases'
import { syncCases } from './cases/sync-cases'
import { workspaceCases } from './cases/workspace-cases'
import { createInProcessBackend } from './support/in-process-backend'
import { runTemplateCases, type BackendFactory } from './support/run-cases'

// The templates on convex-test in this process, with Convex's transaction limits on.
const factory: BackendFactory = (clock) => createInProcessBackend(inject('functionsDir'), clock)

runTemplateCases('templates in-process: identity', identityCases, factory, { clock: true, empty: true })
runTemplateCases('templates in-process: workspaces and members', workspaceCases, factory, { clock: true, empty: true })
runTemplateCases('templates in-process: invitations', invitationCases, factory, { clock: true, empty: true })
runTemplateCases('templates in-process: sync', syncCases, factory, { clock: true, empty: true })
runTemplateCases('templates in-process: storage', storageCases, factory, { clock: true, empty: true })
runTemplateCases('templates in-process: jobs, limits, maintenance', serverWorkCases, factory, { clock: true, empty: true })
