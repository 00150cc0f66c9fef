import type { MessageRow } from '../db/synced-rows'

/** Long enough to hear what the answer is about; the whole answer is one Tab away. */
const SPOKEN_LENGTH = 300

/** Markdown marks a screen reader would otherwise spell out (fences, emphasis, headings, links). */
function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * What the polite live region says when an answer ends: once per answer, never per token, so a
 * screen reader is not interrupted while the answer streams. Empty when there is nothing to say.
 */
export function announceFinishedAnswer(answer: Pick<MessageRow, 'status' | 'content' | 'error'> | null | undefined): string {
  if (!answer) return ''
  if (answer.status === 'aborted') return 'Answer stopped.'
  if (answer.status === 'error') return `The answer failed: ${answer.error || 'the model could not finish it'}.`
  if (answer.status !== 'complete') return ''
  const text = plainText(answer.content)
  if (text === '') return 'Answer finished, with no text.'
  const spoken = text.length > SPOKEN_LENGTH ? `${text.slice(0, SPOKEN_LENGTH).replace(/\s+\S*$/, '')}…` : text
  return `Answer finished: ${spoken}`
}
