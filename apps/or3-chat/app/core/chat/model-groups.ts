import type { ModelListResponse } from 'or3-provider-kit'
import { qualifyModelId } from '#shared/llm/model-ref'

type ModelEntry = ModelListResponse['models'][number]
type Endpoint = NonNullable<ModelListResponse['endpoints']>[number]

export interface ModelGroup {
  /** null: the server has one endpoint, so the list needs no headings. */
  label: string | null
  models: ModelEntry[]
}

/** The model list under one heading per endpoint, in the server's endpoint order (one endpoint: one unnamed group). */
export function groupModelsByEndpoint(models: readonly ModelEntry[], endpoints: readonly Endpoint[]): ModelGroup[] {
  if (endpoints.length < 2) return [{ label: null, models: [...models] }]
  return endpoints
    .map((endpoint) => ({ label: endpoint.label, models: models.filter((model) => model.endpoint === endpoint.id) }))
    .filter((group) => group.models.length > 0)
}

/**
 * The list's id for a model a thread or setting names: a plain id stored before several
 * endpoints existed is the default endpoint's model, so it shows as that entry when listed.
 */
export function listedModelId(model: string, models: readonly ModelEntry[], endpoints: readonly Endpoint[]): string {
  if (endpoints.length < 2 || models.some((entry) => entry.id === model)) return model
  const qualified = qualifyModelId(endpoints[0]!.id, model)
  return models.some((entry) => entry.id === qualified) ? qualified : model
}
