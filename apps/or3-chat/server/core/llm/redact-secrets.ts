// Key shapes that upstream error texts echo back ("Incorrect API key provided: sk-pr****abcd").
const KEY_LIKE = /\b(?:sk|pk|rk|or)-[\w*.-]{6,}/g
const BEARER = /\bBearer\s+\S+/gi

/**
 * Removes secrets from text that came from the upstream before it reaches a response or a log:
 * the exact keys in play, and anything shaped like an API key or a bearer token.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]')
  }
  return out.replace(BEARER, 'Bearer [redacted]').replace(KEY_LIKE, '[redacted]')
}
