import { REASONING_EFFORTS, type ChatStreamRequest, type ReasoningEffort } from 'or3-provider-kit'
import { z } from 'zod'

/**
 * A thread's sampling settings, stored on its row (`model_settings`, so they sync) and sent with
 * every answer of that thread. Each is optional: unset means the model's own default, and the
 * request then carries nothing for it. The ranges are the server's (the kit's request schema).
 */
export interface ModelSettings {
  temperature?: number
  maxTokens?: number
  topP?: number
  reasoningEffort?: ReasoningEffort
}

export const MODEL_SETTING_LIMITS = {
  temperature: { min: 0, max: 2 },
  maxTokens: { min: 1, max: 200_000 },
  topP: { min: 0, max: 1 },
} as const

export const modelSettingsSchema = z
  .object({
    temperature: z.number().min(MODEL_SETTING_LIMITS.temperature.min).max(MODEL_SETTING_LIMITS.temperature.max).optional(),
    maxTokens: z.number().int().min(MODEL_SETTING_LIMITS.maxTokens.min).max(MODEL_SETTING_LIMITS.maxTokens.max).optional(),
    topP: z.number().min(MODEL_SETTING_LIMITS.topP.min).max(MODEL_SETTING_LIMITS.topP.max).optional(),
    reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
  })
  .strip()

/**
 * The settings a stored value holds. Rows sync from other devices and older versions, so a
 * malformed setting counts as unset (one bad field does not drop the others).
 */
export function readModelSettings(value: unknown): ModelSettings {
  if (!value || typeof value !== 'object') return {}
  const out: ModelSettings = {}
  for (const key of Object.keys(modelSettingsSchema.shape) as Array<keyof ModelSettings>) {
    const field = modelSettingsSchema.shape[key].safeParse((value as Record<string, unknown>)[key])
    if (field.success && field.data !== undefined) (out as Record<string, unknown>)[key] = field.data
  }
  return out
}

/** True when nothing is set (the row then stores null). */
export function isDefaultModelSettings(settings: ModelSettings): boolean {
  return Object.keys(settings).length === 0
}

/**
 * The request fields for one answer. A reasoning effort goes only to a model the list says takes
 * one: a setting chosen for a reasoning model must not break a thread that moved to another.
 */
export function requestModelSettings(
  settings: ModelSettings,
  modelTakesReasoning: boolean,
): Pick<ChatStreamRequest, 'temperature' | 'maxTokens' | 'topP' | 'reasoningEffort'> {
  const { reasoningEffort, ...sampling } = settings
  return { ...sampling, ...(reasoningEffort && modelTakesReasoning ? { reasoningEffort } : {}) }
}

/** A short line for the thread's header: what it uses besides the model's defaults. */
export function describeModelSettings(settings: ModelSettings): string | null {
  const parts: string[] = []
  if (settings.temperature !== undefined) parts.push(`temp ${settings.temperature}`)
  if (settings.topP !== undefined) parts.push(`top-p ${settings.topP}`)
  if (settings.maxTokens !== undefined) parts.push(`max ${settings.maxTokens} tokens`)
  if (settings.reasoningEffort !== undefined) parts.push(`${settings.reasoningEffort} reasoning`)
  return parts.length > 0 ? parts.join(' · ') : null
}

/**
 * The settings typed into a form (empty fields are unset), or the first problem in words.
 * Numbers arrive as the inputs give them: a number, or '' / null when cleared.
 */
export function parseModelSettingsForm(form: {
  temperature: number | string | null
  maxTokens: number | string | null
  topP: number | string | null
  reasoningEffort: ReasoningEffort | null
}): { settings: ModelSettings } | { error: string } {
  const settings: ModelSettings = {}
  const number = (value: number | string | null) => (value === null || String(value).trim() === '' ? undefined : Number(value))
  const temperature = number(form.temperature)
  const maxTokens = number(form.maxTokens)
  const topP = number(form.topP)
  const { temperature: t, maxTokens: m, topP: p } = MODEL_SETTING_LIMITS
  if (temperature !== undefined) {
    if (!(temperature >= t.min && temperature <= t.max)) return { error: `Temperature must be between ${t.min} and ${t.max}.` }
    settings.temperature = temperature
  }
  if (maxTokens !== undefined) {
    if (!Number.isInteger(maxTokens) || maxTokens < m.min || maxTokens > m.max) return { error: `Max tokens must be a whole number from ${m.min} to ${m.max}.` }
    settings.maxTokens = maxTokens
  }
  if (topP !== undefined) {
    if (!(topP >= p.min && topP <= p.max)) return { error: `Top-p must be between ${p.min} and ${p.max}.` }
    settings.topP = topP
  }
  if (form.reasoningEffort) settings.reasoningEffort = form.reasoningEffort
  return { settings }
}
