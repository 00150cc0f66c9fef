import { chatStreamRequestSchema } from 'or3-provider-kit'
import { startChatJob } from '../../core/jobs/start-chat-job'
import { enforceChatLimits } from '../../core/llm/enforce-chat-limits'
import { abortWhenClientLeaves } from '../../core/llm/client-disconnect'
import { identifyLlmCaller } from '../../core/llm/llm-caller'
import { proxyUpstreamStream } from '../../core/llm/proxy-upstream-stream'
import { resolveLlmTarget } from '../../core/llm/resolve-llm-target'
import { openUpstreamChatStream, upstreamHost, upstreamTimeouts } from '../../core/llm/upstream-client'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

/**
 * The LLM proxy. Foreground: the upstream's SSE passes through unchanged. With `background`: a
 * job runs the generation and this answers `{ jobId, status: 'running' }` at once. Works in
 * local-only mode too (no sign-in there); chat counts against its own minute and daily limits.
 * The model names its endpoint (resolve-llm-target.ts): the request goes to that upstream only,
 * with that endpoint's key, under the id the upstream knows the model by.
 */
export default defineCoreHandler({
  surface: 'always',
  input: { body: chatStreamRequestSchema },
  access: { kind: 'signed-in-when-cloud' },
  rateLimit: false,
  async handle({ event, input, session, config, providers }) {
    // The key is chosen before any limit is spent, so a missing key costs no daily message.
    const { target, upstreamModel } = resolveLlmTarget(event, config, input.body.model)
    const request = { ...input.body, model: upstreamModel }
    const caller = identifyLlmCaller(event, session, config)
    const { background } = request
    if (background) {
      return startChatJob({ event, request: { ...request, background }, caller, target, config, providers })
    }
    await enforceChatLimits(providers.limits, config, caller.limitKey)
    // Watching the client starts before the upstream call: giving up before its headers cancels it too.
    const abort = abortWhenClientLeaves(event)
    let upstream
    try {
      upstream = await openUpstreamChatStream(target, request, abort.signal, upstreamTimeouts(config))
    } catch (error) {
      // The client left first: there is no one to answer, and nothing went wrong.
      if (abort.signal.aborted) return null
      throw error
    }
    return proxyUpstreamStream(event, upstream, abort, upstreamHost(target.baseUrl))
  },
})
