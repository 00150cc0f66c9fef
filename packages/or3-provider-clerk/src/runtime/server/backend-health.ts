/**
 * What the operator should know about the Backend API: the last failed call (cleared by the next
 * success) and JWT templates that were asked for but do not exist. Read by the admin status.
 */
export interface BackendHealth {
  recordSuccess(): void
  recordFailure(what: string, error: unknown): void
  recordMissingTemplate(template: string): void
  lastError(): { message: string; at: string } | null
  missingTemplates(): string[]
}

export function createBackendHealth(now: () => number): BackendHealth {
  let last: { message: string; at: string } | null = null
  const templates = new Set<string>()
  return {
    recordSuccess() {
      last = null
    },
    recordFailure(what, error) {
      const message = `${what}: ${describeBackendError(error)}`
      // Once per distinct failure, not once per request.
      if (last?.message !== message) console.warn(`[clerk] Backend API call failed, ${message}`)
      last = { message, at: new Date(now()).toISOString() }
    },
    recordMissingTemplate(template) {
      if (!templates.has(template)) {
        console.warn(`[clerk] no JWT template named '${template}': create it in the Clerk dashboard (JWT templates)`)
      }
      templates.add(template)
    },
    lastError: () => last,
    missingTemplates: () => [...templates].sort(),
  }
}

/**
 * A failure's status and Clerk's own error codes, never headers or bodies of the request (which
 * carry the secret key).
 */
export function describeBackendError(error: unknown): string {
  // The SDK wraps HTTP failures and network errors alike in a ClerkAPIResponseError.
  const apiError = error as { status?: unknown; errors?: Array<{ message?: unknown }> }
  const detail = apiError?.errors?.[0]?.message
  const status = typeof apiError?.status === 'number' ? `HTTP ${apiError.status}` : null
  if (typeof detail === 'string' && detail) return status ? `${status} (${detail})` : detail
  if (status) return status
  return error instanceof Error && error.message ? error.message : String(error)
}
