import { chatTitleRequestSchema, type ChatTitleResponse } from 'or3-provider-kit'
import { abortWhenClientLeaves } from '../../core/llm/client-disconnect'
import { generateTitle, titleModelFor } from '../../core/llm/generate-title'
import { identifyLlmCaller } from '../../core/llm/llm-caller'
import { allInstanceLlmKeys } from '../../core/llm/instance-llm-key'
import { redactSecrets } from '../../core/llm/redact-secrets'
import { resolveLlmTarget } from '../../core/llm/resolve-llm-target'
import { enforceRateLimit } from '../../core/limits/enforce-rate-limit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

/**
 * A short title for a thread after its first answer (OR3_TITLE_MODEL chooses the model, or turns
 * this off). A title is a nicety: when the upstream fails the answer is `{ title: null }` and the
 * reason goes to the operator log, so the chat never sees an error. It counts against the chat's
 * per-minute limit (not the daily message cap), and its input is capped, so it is no free chat.
 */
export default defineCoreHandler({
  surface: 'always',
  input: { body: chatTitleRequestSchema },
  access: { kind: 'signed-in-when-cloud' },
  rateLimit: false,
  async handle({ event, input, session, config, providers }): Promise<ChatTitleResponse> {
    const model = titleModelFor(config, input.body.model)
    if (model === null) return { title: null }
    const caller = identifyLlmCaller(event, session, config)
    if (config.limits.enabled) {
      await enforceRateLimit(providers.limits, {
        key: `chat:minute:${caller.limitKey}`,
        windowMs: 60_000,
        limit: config.limits.perMinute,
        what: 'chat requests this minute',
      })
    }
    const abort = abortWhenClientLeaves(event)
    try {
      // The title model may belong to another endpoint than the answer's: it is routed on its own.
      const { target, upstreamModel } = resolveLlmTarget(event, config, model)
      return { title: await generateTitle(target, { ...input.body, model: upstreamModel }, config, abort.signal) }
    } catch (error) {
      if (!abort.signal.aborted) {
        const reason = redactSecrets(error instanceof Error ? error.message : String(error), allInstanceLlmKeys())
        console.error(`[or3] a thread title could not be generated with '${model}': ${reason}`)
      }
      return { title: null }
    }
  },
})
