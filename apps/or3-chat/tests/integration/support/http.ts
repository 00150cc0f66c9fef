/** A tiny JSON client for the integration tests: one test user per client, plus any headers. */
export function clientFor(baseUrl: string, user?: string, headers: Record<string, string> = {}) {
  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(user ? { 'x-test-user': user } : {}),
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let json: any
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: response.status, headers: response.headers, body: json }
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    patch: (path: string, body?: unknown) => call('PATCH', path, body ?? {}),
    put: (path: string, body?: unknown) => call('PUT', path, body ?? {}),
    delete: (path: string) => call('DELETE', path),
  }
}
