import { jobIdParamsSchema, type JobAbortResponse } from 'or3-provider-kit'
import { signalJobChanged } from '../../../core/jobs/job-change-signal'
import { abortLocalRun } from '../../../core/jobs/local-job-runs'
import { readOwnJobRecord } from '../../../core/jobs/own-job'
import { identifyLlmCaller } from '../../../core/llm/llm-caller'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'

/**
 * Stops a running job (owner only). The store marks it aborted first, so the output written so
 * far is kept and nothing more is appended; then the upstream request is cancelled.
 */
export default defineCoreHandler({
  surface: 'always',
  input: { params: jobIdParamsSchema },
  access: { kind: 'signed-in-when-cloud' },
  async handle({ event, input, session, config, providers }): Promise<JobAbortResponse> {
    const caller = identifyLlmCaller(event, session, config)
    const { id } = input.params
    await readOwnJobRecord(providers.jobs, id, caller.ownerId)
    const aborted = await providers.jobs.abort(id)
    abortLocalRun(id)
    signalJobChanged(id)
    const job = await readOwnJobRecord(providers.jobs, id, caller.ownerId)
    return { aborted, status: job.status }
  },
})
