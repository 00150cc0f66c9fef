import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * TEST DOUBLE of a network between OR3 and its deployment: forwards HTTP to `target`, or, as
 * told, answers the next requests with an HTTP status (a proxy's 503) or forwards one and then
 * drops the connection instead of answering (it ran; the caller cannot know). Records each path.
 */
export async function startFlakyProxy(target: string) {
  const plan: Array<{ status: number } | 'drop'> = []
  const seen: string[] = []
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    seen.push(req.url ?? '')
    const next = plan.shift()
    if (next !== undefined && next !== 'drop') {
      res.writeHead(next.status, { 'content-type': 'application/json' }).end('{"code":"Overloaded","message":"try again"}')
      return
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>
    const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: body.length ? body : undefined })
    const text = Buffer.from(await answer.arrayBuffer())
    if (next === 'drop') {
      req.socket.destroy()
      return
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    failNext: (...steps: Array<{ status: number } | 'drop'>) => void plan.push(...steps),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
