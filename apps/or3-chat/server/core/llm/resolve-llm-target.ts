import type { H3Event } from 'h3'
import { ProviderError, type LlmEndpointConfig, type Or3CloudConfig } from 'or3-provider-kit'
import { ENDPOINT_ID_PATTERN, ENDPOINT_SEPARATOR, parseModelRef } from '#shared/llm/model-ref'
import { resolveLlmCredential } from './resolve-llm-credential'
import type { UpstreamTarget } from './upstream-client'

/** Where a request for one model goes: its endpoint, the model's id there, and the call target. */
export interface ResolvedLlmTarget {
  endpoint: LlmEndpointConfig
  upstreamModel: string
  target: UpstreamTarget
}

/**
 * Routes `model` (as the client names it) to the endpoint it belongs to, with that endpoint's
 * base URL and key. A prefix naming an endpoint this server does not have is refused rather
 * than sent to the default endpoint under a name it cannot know.
 */
export function resolveLlmTarget(event: H3Event, config: Or3CloudConfig, model: string): ResolvedLlmTarget {
  const endpoints = config.llm.endpoints
  const ref = parseModelRef(model, endpoints.map((endpoint) => endpoint.id))
  if (endpoints.length > 1 && ref.upstreamModel === model) refuseUnknownEndpoint(model)
  const endpoint = endpoints.find((candidate) => candidate.id === ref.endpointId)!
  return { endpoint, upstreamModel: ref.upstreamModel, target: endpointTarget(event, config, endpoint) }
}

/** The call target of one endpoint for this request (its base URL, and the key its policy picks). */
export function endpointTarget(event: H3Event, config: Or3CloudConfig, endpoint: LlmEndpointConfig): UpstreamTarget {
  return { baseUrl: endpoint.baseUrl, credential: resolveLlmCredential(event, config.llm.endpoints, endpoint) }
}

function refuseUnknownEndpoint(model: string): void {
  const at = model.indexOf(ENDPOINT_SEPARATOR)
  if (at <= 0) return
  const prefix = model.slice(0, at)
  if (!ENDPOINT_ID_PATTERN.test(prefix)) return
  throw new ProviderError(
    'VALIDATION',
    `This server has no model provider '${prefix}' any more, so '${model}' cannot answer: pick another model.`,
    { fields: { 'body.model': [`unknown endpoint '${prefix}'`] } },
  )
}
