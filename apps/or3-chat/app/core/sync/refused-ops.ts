import { isProviderError, type OpError } from 'or3-provider-kit'

/**
 * When the server refused a whole push request for its content (400/409/413), retrying the same
 * batch can never succeed. Returns the batch positions to park (those named in the field errors,
 * e.g. `body.ops.3.pk`, else all of them) and the error to park them with; null when the failure
 * is not about the content.
 */
export function refusedOps(error: unknown, batchSize: number): { indexes: number[]; error: OpError } | null {
  if (!isProviderError(error)) return null
  if (error.code !== 'VALIDATION' && error.code !== 'TOO_LARGE' && error.code !== 'CONFLICT') return null
  const named = new Set<number>()
  for (const path of Object.keys(error.fields ?? {})) {
    const match = /^(?:body\.)?ops\.(\d+)(?:\.|$)/.exec(path)
    if (match && Number(match[1]) < batchSize) named.add(Number(match[1]))
  }
  const indexes = named.size ? [...named] : Array.from({ length: batchSize }, (_, i) => i)
  const detail = Object.entries(error.fields ?? {})
    .map(([path, messages]) => `${path}: ${messages.join(', ')}`)
    .join('; ')
  return { indexes, error: { code: error.code, message: detail ? `${error.message} (${detail})` : error.message } }
}
