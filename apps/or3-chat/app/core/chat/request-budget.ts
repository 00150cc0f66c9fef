import type { ClientLimits } from 'or3-provider-kit'

/** What one chat request may hold: the server's body cap and message count, the model's context. */
export interface RequestBudget {
  /** Bytes of the whole JSON body. */
  maxBytes: number
  /** Messages, the system prompt included. */
  maxMessages: number
  /** Estimated tokens the conversation may use (the model's window less room for the answer). */
  maxTokens: number
}

/** Room left for headers-free JSON around the messages (model id, options) and rounding. */
const BODY_MARGIN_BYTES = 4 * 1024
/** The answer needs room in the context window too. */
const ANSWER_RESERVE_TOKENS = 4096

/**
 * The budget for one request to `model`: the server's limits (from the session answer) and the
 * model's context length as the upstream's /models lists it, else the server's default.
 */
export function requestBudget(limits: ClientLimits, contextLength: number | null): RequestBudget {
  const window = contextLength ?? limits.defaultContextTokens
  return {
    maxBytes: limits.maxRequestBytes - BODY_MARGIN_BYTES,
    maxMessages: limits.maxChatMessages,
    maxTokens: window - Math.min(ANSWER_RESERVE_TOKENS, Math.floor(window / 4)),
  }
}
