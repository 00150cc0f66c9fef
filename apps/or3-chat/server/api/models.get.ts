import type { ModelListResponse } from 'or3-provider-kit'
import { resolveLlmCredential } from '../core/llm/resolve-llm-credential'
import { listUpstreamModels } from '../core/llm/upstream-model-list'
import { defineCoreHandler } from '../core/pipeline/define-core-handler'

/** The upstream's models (cached a few minutes per key), under the same key rules as chat. */
export default defineCoreHandler({
  surface: 'always',
  access: { kind: 'signed-in-when-cloud' },
  async handle({ event, config }): Promise<ModelListResponse> {
    const credential = resolveLlmCredential(event, config)
    const models = await listUpstreamModels({ baseUrl: config.llm.baseUrl, credential })
    return { models, defaultModel: config.llm.defaultModel }
  },
})
