import { jobIdParamsSchema, jobStreamQuerySchema } from 'or3-provider-kit'
import { identifyLlmCaller } from '../../core/llm/llm-caller'
import { readOwnJob, toJobSnapshot } from '../../core/jobs/own-job'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

/** A background job's status and its output from `offset` on (owner only; others get 404). */
export default defineCoreHandler({
  surface: 'always',
  input: { params: jobIdParamsSchema, query: jobStreamQuerySchema },
  access: { kind: 'signed-in-when-cloud' },
  async handle({ event, input, session, config, providers }) {
    const caller = identifyLlmCaller(event, session, config)
    return toJobSnapshot(await readOwnJob(providers.jobs, input.params.id, caller.ownerId, input.query.offset))
  },
})
