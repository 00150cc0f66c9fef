/**
 * An HTTP client that behaves like one browser profile: it keeps cookies (by name; paths are
 * ignored, which is enough for the routes under test) and sends the server's own Origin on
 * every request, as a same-origin page would.
 */
export function browserLikeClient(baseUrl: string) {
  const cookies = new Map<string, string>()

  function remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) cookies.delete(name)
      else cookies.set(name, value)
    }
  }

  async function call(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    // A presigned URL may point elsewhere (a storage service): this site's cookies stay here.
    const elsewhere = /^https?:\/\//.test(path)
    const response = await fetch(elsewhere ? path : `${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        origin: baseUrl,
        ...(elsewhere ? {} : { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }),
        ...(body === undefined || body instanceof Uint8Array ? {} : { 'content-type': 'application/json' }),
        ...extraHeaders,
      },
      // Bytes the tests send are backed by a plain ArrayBuffer, which fetch takes as a body.
      body: body === undefined ? undefined : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    })
    remember(response)
    const type = response.headers.get('content-type') ?? ''
    const payload = type.includes('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer())
    return { status: response.status, headers: response.headers, body: payload as any }
  }

  return {
    cookies,
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    /** Follows a presigned request (upload or download) as the page would: its URL, method and headers. */
    transfer: (presigned: { url: string; method: string; headers: Record<string, string> }, body?: Uint8Array) =>
      call(presigned.method, presigned.url, body, presigned.headers),
  }
}

export type BrowserLikeClient = ReturnType<typeof browserLikeClient>
