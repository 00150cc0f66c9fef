import type { ChatTitleRequest, Or3CloudConfig } from 'or3-provider-kit'
import { readOpenAiDeltas } from '#shared/chat-stream/read-openai-deltas'
import { TITLE_INSTRUCTION } from './title-instruction'
import { openUpstreamChatStream, upstreamTimeouts, type UpstreamTarget } from './upstream-client'

/** Longest title kept; the model is asked for a few words, this only bounds a model that rambles. */
export const MAX_GENERATED_TITLE_CHARS = 80
/** Enough tokens for a few words in any language; the call stays cheap whatever the model. */
const TITLE_MAX_TOKENS = 32

/** The model a title is asked of: the server's title model, else the one that answered; null when titles are off. */
export function titleModelFor(config: Or3CloudConfig, answerModel: string): string | null {
  const configured = config.llm.titleModel
  if (configured === null) return null
  return configured === 'answer-model' ? answerModel : configured
}

/**
 * Asks the upstream for a thread title through the same client as chat (its key, timeouts and
 * error mapping), streamed and collected. Throws what the chat call throws; returns null when
 * the model's reply holds no usable title.
 */
export async function generateTitle(
  target: UpstreamTarget,
  request: ChatTitleRequest & { model: string },
  config: Or3CloudConfig,
  signal: AbortSignal,
): Promise<string | null> {
  const upstream = await openUpstreamChatStream(
    target,
    {
      model: request.model,
      maxTokens: TITLE_MAX_TOKENS,
      messages: [
        { role: 'system', content: TITLE_INSTRUCTION },
        { role: 'user', content: `Question:\n${request.question}\n\nAnswer:\n${request.answer}` },
      ],
    },
    signal,
    upstreamTimeouts(config),
  )
  let reply = ''
  for await (const text of readOpenAiDeltas(upstream.body)) {
    reply += text
    // A model that ignores the instruction is not read to the end.
    if (reply.length > MAX_GENERATED_TITLE_CHARS * 4) break
  }
  return cleanTitle(reply)
}

/** The model's reply as a title: its first non-empty line, without quotes, markdown marks or a final stop. */
export function cleanTitle(reply: string): string | null {
  const line = reply
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '')
  if (!line) return null
  const plain = line
    .replace(/[*_`#]+/g, '')
    .replace(/^(title|titre|titel)\s*:\s*/i, '')
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, '')
    .replace(/[.。!！]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (!plain) return null
  if (plain.length <= MAX_GENERATED_TITLE_CHARS) return plain
  const cut = plain.slice(0, MAX_GENERATED_TITLE_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${(space > MAX_GENERATED_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}
