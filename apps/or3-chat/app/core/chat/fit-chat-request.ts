import type { RequestBudget } from './request-budget'
import { partsMessageBytes } from './wire-size'

/** What one piece of a request costs: JSON bytes and estimated tokens. */
export interface Cost {
  bytes: number
  tokens: number
}

/** A turn of the conversation, costed every way the fitting may send it. */
export interface CostedTurn {
  role: 'user' | 'assistant'
  /** The whole message as plain text content, for a turn without attachments. */
  plain: Cost | null
  /** Its text part, for a turn with attachments (null when the text is empty). */
  text: Cost | null
  /** Each attachment as sent, and as the short note that replaces it when left out. */
  attachments: ReadonlyArray<{ kept: Cost; leftOut: Cost }>
}

export interface FitPlan {
  /** Per turn: sent or left out. The last turn is always sent. */
  included: boolean[]
  /** Per turn and attachment: sent, or replaced by its note. */
  keptAttachments: boolean[][]
  /** Older turns and attachments not sent, for the note on the answer. */
  leftOut: { messages: number; attachments: number }
  bytes: number
  tokens: number
  fitsBytes: boolean
  fitsTokens: boolean
}

/** Rough, and on the safe side: about three characters per token in most languages and code. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 3)
}

/**
 * Chooses what of a conversation one request carries, newest first: the system prompt and the
 * last turn always; then, while the request is over the body cap, the model's context or the
 * message count, it leaves out older turns' attachments (oldest first, each replaced by a note),
 * then older turns themselves (oldest first, never starting the conversation with an answer).
 * Everything is sized in advance (see wire-size.ts), so nothing large is encoded to try.
 */
export function fitChatRequest(input: {
  system: Cost | null
  turns: readonly CostedTurn[]
  /** Bytes of the request with an empty `messages` array. */
  envelopeBytes: number
  budget: RequestBudget
}): FitPlan {
  const { turns, budget } = input
  const last = turns.length - 1
  const included = turns.map(() => true)
  const kept = turns.map((turn) => turn.attachments.map(() => true))
  const costs = turns.map((turn, i) => turnCost(turn, kept[i]!))
  let bytes = input.envelopeBytes + (input.system?.bytes ?? 0) + costs.reduce((sum, cost) => sum + cost.bytes, 0)
  let tokens = (input.system?.tokens ?? 0) + costs.reduce((sum, cost) => sum + cost.tokens, 0)
  let count = (input.system ? 1 : 0) + turns.length

  const separators = () => Math.max(0, count - 1)
  const overSize = () => bytes + separators() > budget.maxBytes || tokens > budget.maxTokens
  const over = () => overSize() || count > budget.maxMessages

  const recost = (i: number) => {
    const next = turnCost(turns[i]!, kept[i]!)
    bytes += next.bytes - costs[i]!.bytes
    tokens += next.tokens - costs[i]!.tokens
    costs[i] = next
  }
  const leave = (i: number) => {
    included[i] = false
    bytes -= costs[i]!.bytes
    tokens -= costs[i]!.tokens
    count--
  }

  for (let i = 0; i < last && overSize(); i++) {
    for (let j = 0; j < kept[i]!.length && overSize(); j++) {
      kept[i]![j] = false
      recost(i)
    }
  }
  for (let i = 0; i < last && over(); i++) leave(i)
  // Once cut, the conversation the model sees still starts with the user, as some providers require.
  if (included.includes(false)) {
    for (let i = 0; i < last; i++) {
      if (!included[i]) continue
      if (turns[i]!.role !== 'assistant') break
      leave(i)
    }
  }

  let leftOutMessages = 0
  let leftOutAttachments = 0
  for (let i = 0; i < last; i++) {
    if (!included[i]) leftOutMessages++
    leftOutAttachments += kept[i]!.filter((k) => !included[i] || !k).length
  }
  return {
    included,
    keptAttachments: kept,
    leftOut: { messages: leftOutMessages, attachments: leftOutAttachments },
    bytes: bytes + separators(),
    tokens,
    fitsBytes: bytes + separators() <= budget.maxBytes,
    fitsTokens: tokens <= budget.maxTokens,
  }
}

function turnCost(turn: CostedTurn, kept: readonly boolean[]): Cost {
  if (turn.plain) return turn.plain
  const parts: Cost[] = []
  if (turn.text) parts.push(turn.text)
  turn.attachments.forEach((attachment, j) => parts.push(kept[j] ? attachment.kept : attachment.leftOut))
  return {
    bytes: partsMessageBytes(turn.role, parts.map((part) => part.bytes)),
    tokens: parts.reduce((sum, part) => sum + part.tokens, 0),
  }
}
