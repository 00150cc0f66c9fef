const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The note shown with an answer that was generated without part of the earlier conversation. */
export function describeLeftOut(leftOut: { messages: number; attachments: number }): string | null {
  const parts: string[] = []
  if (leftOut.messages > 0) parts.push(count(leftOut.messages, 'earlier message', 'earlier messages'))
  if (leftOut.attachments > 0) parts.push(count(leftOut.attachments, 'earlier attachment', 'earlier attachments'))
  if (parts.length === 0) return null
  const verb = leftOut.messages + leftOut.attachments === 1 ? 'was' : 'were'
  return `${parts.join(' and ')} ${verb} left out of this answer's request to stay within the limits of the server and the model, so the model did not see them.`
}
