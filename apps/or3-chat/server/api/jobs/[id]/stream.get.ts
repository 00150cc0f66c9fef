import { jobIdParamsSchema, jobStreamQuerySchema } from 'or3-provider-kit'
import { readOwnJobRecord } from '../../../core/jobs/own-job'
import { streamJobOutput } from '../../../core/jobs/stream-job-output'
import { identifyLlmCaller } from '../../../core/llm/llm-caller'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'

/**
 * SSE: the job's output from `offset`, then new output as it arrives, then `done`. Works after a
 * reload or from another device of the owner; long-lived, so it counts against the open-stream
 * cap instead of the per-minute limit.
 */
export default defineCoreHandler({
  surface: 'always',
  input: { params: jobIdParamsSchema, query: jobStreamQuerySchema },
  access: { kind: 'signed-in-when-cloud' },
  eventStream: true,
  async handle({ event, input, session, config, providers }) {
    const caller = identifyLlmCaller(event, session, config)
    // Ownership is checked before the stream opens, so a stranger gets a plain 404.
    await readOwnJobRecord(providers.jobs, input.params.id, caller.ownerId)
    return streamJobOutput(event, providers.jobs, input.params.id, input.query.offset)
  },
})
