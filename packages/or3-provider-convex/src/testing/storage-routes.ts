import type { LocalBackend } from './local-backend'

function withCors(response: Response): Response {
  response.headers.set('access-control-allow-origin', '*')
  response.headers.set('access-control-allow-methods', 'GET, POST, OPTIONS')
  response.headers.set('access-control-allow-headers', 'content-type')
  return response
}

/** The origin convex-test writes into storage URLs; the double answers them on its own origin. */
const CONVEX_TEST_ORIGIN = 'https://some-deployment.convex.cloud/'

/**
 * TEST DOUBLE of Convex file storage's HTTP side: the upload URL (`POST`, answers
 * `{ storageId }`, one use per token) and download URLs. convex-test only invents the URLs, so
 * the double rewrites them to the origin the caller used and serves them from convex-test's
 * file store.
 */
export function createStorageRoutes(backend: LocalBackend) {
  const uploadTokens = new Set<string>()

  function rewriteUrls(value: unknown, origin: string): unknown {
    if (typeof value === 'string' && value.startsWith(CONVEX_TEST_ORIGIN)) {
      const rewritten = new URL(value.slice(CONVEX_TEST_ORIGIN.length), `${origin}/`)
      if (rewritten.pathname === '/api/storage/upload') uploadTokens.add(rewritten.searchParams.get('token') ?? '')
      return rewritten.href
    }
    if (Array.isArray(value)) return value.map((item) => rewriteUrls(item, origin))
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteUrls(item, origin)]))
    }
    return value
  }

  async function upload(request: Request): Promise<Response> {
    const token = new URL(request.url).searchParams.get('token') ?? ''
    if (!uploadTokens.delete(token)) {
      return Response.json({ code: 'InvalidUploadToken', message: 'This upload URL is unknown or was used already' }, { status: 400 })
    }
    const bytes = new Uint8Array(await request.arrayBuffer())
    const type = request.headers.get('content-type') ?? undefined
    const storageId = await backend.runInTransaction((ctx) => ctx.storage.store(new Blob([bytes], { type })))
    return Response.json({ storageId })
  }

  async function download(key: string): Promise<Response> {
    const file = await backend.runInTransaction(async (ctx) => {
      const stored = (await ctx.db.system.query('_storage').collect()).find((meta) => meta.sha256 === key)
      const blob = stored === undefined ? null : await ctx.storage.get(stored._id)
      // Transactions answer Convex values: bytes travel as an ArrayBuffer.
      return blob === null || stored === undefined ? null : { bytes: await blob.arrayBuffer(), contentType: stored.contentType ?? null }
    })
    if (file === null) return new Response('Not Found', { status: 404 })
    return new Response(file.bytes, { headers: { 'Content-Type': file.contentType ?? 'application/octet-stream' } })
  }

  return {
    rewriteUrls,
    /**
     * The response for a storage request, or null when the request is not one. Pages upload and
     * download from another origin than the deployment's, so these answer CORS as Convex does.
     */
    async handle(request: Request): Promise<Response | null> {
      const { pathname } = new URL(request.url)
      if (!pathname.startsWith('/api/storage/')) return null
      if (request.method === 'OPTIONS') return withCors(new Response(null, { status: 204 }))
      if (request.method === 'POST' && pathname === '/api/storage/upload') return withCors(await upload(request))
      if (request.method === 'GET') return withCors(await download(decodeURIComponent(pathname.slice('/api/storage/'.length))))
      return null
    },
    reset() {
      uploadTokens.clear()
    },
  }
}
