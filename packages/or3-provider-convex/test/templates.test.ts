import { inject } from 'vitest'
import { identityCases } from './cases/identity-cases.ts'
import { workspaceCases } from './cases/workspace-cases.ts'
import { createInProcessBackend } from './support/in-process-backend.ts'
import { runTemplateCases } from './support/run-cases.ts'

// The templates on convex-test in this process, with Convex's transaction limits on.
const factory = (clock: Parameters<typeof createInProcessBackend>[1]) => createInProcessBackend(inject('functionsDir'), clock)

runTemplateCases('templates in-process: identity', identityCases, factory, { clock: true })
runTemplateCases('templates in-process: workspaces and members', workspaceCases, factory, { clock: true })
