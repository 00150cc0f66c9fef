/**
 * Tokens one answer cost, as the upstream reported them. Stored on the assistant message (synced
 * as `usage`), so every device can show it and sum a thread.
 */
export interface TokenUsage {
  /** Prompt tokens: everything sent, history and system prompt included. */
  input: number
  /** Completion tokens: the answer (reasoning included where the upstream counts it there). */
  output: number
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null
}

/**
 * The `usage` of an OpenAI-style chunk (`prompt_tokens`, `completion_tokens`), or null when the
 * chunk has none or it is not two whole non-negative numbers (upstreams that report nothing, or
 * `usage: null` on every chunk but the last).
 */
export function tokenUsageFromChunk(chunk: object): TokenUsage | null {
  const usage = (chunk as { usage?: unknown }).usage
  if (typeof usage !== 'object' || usage === null) return null
  const input = count((usage as { prompt_tokens?: unknown }).prompt_tokens)
  const output = count((usage as { completion_tokens?: unknown }).completion_tokens)
  return input === null || output === null ? null : { input, output }
}

/** The sum over a thread's answers; answers without usage count nothing. */
export function sumTokenUsage(usages: ReadonlyArray<TokenUsage | null | undefined>): TokenUsage & { answers: number } {
  let input = 0
  let output = 0
  let answers = 0
  for (const usage of usages) {
    if (!usage) continue
    input += usage.input
    output += usage.output
    answers++
  }
  return { input, output, answers }
}
