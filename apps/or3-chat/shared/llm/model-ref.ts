/**
 * Model ids across several endpoints. With more than one endpoint a model is named
 * `<endpoint id>::<upstream model id>`: `::` appears in no upstream's ids that we know of (OpenRouter
 * uses `/`, Ollama `:`, Vertex `@`), so an upstream id is never mistaken for an endpoint. An id
 * without a known endpoint prefix — every id a thread stored before several endpoints existed —
 * belongs to the default endpoint, unchanged.
 */
export const ENDPOINT_SEPARATOR = '::'

/** Endpoint ids: lowercase letters, digits and dashes, as an env variable name can carry them. */
export const ENDPOINT_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/

export function qualifyModelId(endpointId: string, upstreamModel: string): string {
  return `${endpointId}${ENDPOINT_SEPARATOR}${upstreamModel}`
}

export interface ModelRef {
  endpointId: string
  /** The id the upstream knows the model by. */
  upstreamModel: string
}

/** Which endpoint `model` belongs to, and its id there; `endpointIds[0]` is the default endpoint. */
export function parseModelRef(model: string, endpointIds: readonly string[]): ModelRef {
  const at = model.indexOf(ENDPOINT_SEPARATOR)
  if (at > 0) {
    const prefix = model.slice(0, at)
    const rest = model.slice(at + ENDPOINT_SEPARATOR.length)
    if (rest && endpointIds.includes(prefix)) return { endpointId: prefix, upstreamModel: rest }
  }
  return { endpointId: endpointIds[0]!, upstreamModel: model }
}
