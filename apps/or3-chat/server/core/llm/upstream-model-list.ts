import { createHash } from 'node:crypto'
import { ProviderError, type ModelListResponse } from 'or3-provider-kit'
import { z } from 'zod'
import { fetchUpstreamModels, upstreamHost, type UpstreamTarget } from './upstream-client'
import { recordUpstreamFault } from './upstream-faults'

const CACHE_TTL_MS = 5 * 60_000
const MAX_CACHED_LISTS = 100
const FETCH_TIMEOUT_MS = 15_000

type ModelEntry = ModelListResponse['models'][number]

// Lenient on purpose: OpenRouter, OpenAI, Ollama and vLLM all add their own fields.
const upstreamModelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().nullish(),
      context_length: z.number().int().positive().nullish(),
      // OpenRouter lists the request parameters a model takes; others send nothing here.
      supported_parameters: z.array(z.string()).nullish().catch(null),
    }),
  ),
})

// Keyed by a hash of base URL and key: lists can differ per key, and no key is kept in memory here.
const cache = new Map<string, { expiresAt: number; models: Promise<ModelEntry[]> }>()

/** The upstream's models, cached a few minutes per key; concurrent callers share one fetch. */
export function listUpstreamModels(target: UpstreamTarget, now = Date.now()): Promise<ModelEntry[]> {
  const cacheKey = createHash('sha256').update(`${target.baseUrl}\n${target.credential.key}`).digest('hex')
  const hit = cache.get(cacheKey)
  if (hit && hit.expiresAt > now) return hit.models

  const models = loadModels(target)
  if (cache.size >= MAX_CACHED_LISTS) cache.delete(cache.keys().next().value!)
  cache.set(cacheKey, { expiresAt: now + CACHE_TTL_MS, models })
  // A failure is not cached: the next request asks again.
  models.catch(() => cache.delete(cacheKey))
  return models
}

async function loadModels(target: UpstreamTarget): Promise<ModelEntry[]> {
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS)
  let raw: unknown
  try {
    raw = await fetchUpstreamModels(target, signal)
  } catch (error) {
    if (!signal.aborted) throw error
    recordUpstreamFault('model-list', `${upstreamHost(target.baseUrl)} did not list its models within ${FETCH_TIMEOUT_MS / 1000} s`)
    throw new ProviderError('UNAVAILABLE', 'The model provider did not list its models in time. Try again in a moment.')
  }
  const parsed = upstreamModelsSchema.safeParse(raw)
  if (!parsed.success) {
    recordUpstreamFault(
      'model-list',
      `The model list from ${upstreamHost(target.baseUrl)} is not in the OpenAI format ({ data: [{ id }] }): check OR3_LLM_BASE_URL`,
    )
    throw new ProviderError(
      'UNAVAILABLE',
      'The model provider\'s list of models could not be read. You can still type a model id; tell whoever runs this server if it keeps happening.',
    )
  }
  return parsed.data.data
    .map((m) => ({ id: m.id, name: m.name ?? null, contextLength: m.context_length ?? null, ...reasoningOf(m.supported_parameters) }))
    .sort((a, b) => a.id.localeCompare(b.id))
}

/** `reasoning: true` when the upstream says the model takes a reasoning effort; nothing when it does not say. */
function reasoningOf(parameters: string[] | null | undefined): { reasoning?: boolean } {
  if (!parameters) return {}
  return { reasoning: parameters.includes('reasoning') || parameters.includes('reasoning_effort') }
}

/** Forgets cached lists (tests). */
export function clearModelListCache(): void {
  cache.clear()
}
