import type { ModelListResponse } from 'or3-provider-kit'
import { listEndpointModels } from '../core/llm/list-endpoint-models'
import { defineCoreHandler } from '../core/pipeline/define-core-handler'

/** The upstreams' models (cached a few minutes per key), under the same key rules as chat. */
export default defineCoreHandler({
  surface: 'always',
  access: { kind: 'signed-in-when-cloud' },
  handle({ event, config }): Promise<ModelListResponse> {
    return listEndpointModels(event, config)
  },
})
