/**
 * The signed-in user's Convex token, from core's `POST /api/auth/token` (same origin, with the
 * session's cookies). null when signed out or when the auth provider mints none, which leaves
 * the Convex client unauthenticated (its calls are refused, the sync engine falls back and retries).
 */
export async function fetchConvexToken(
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = (url, init) => globalThis.fetch(url, init),
): Promise<string | null> {
  const response = await fetchImpl('/api/auth/token', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ providerId: 'convex', template: 'convex' }),
  })
  if (!response.ok) return null
  const { token } = (await response.json()) as { token?: unknown }
  return typeof token === 'string' && token.length > 0 ? token : null
}
