import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { createApp, toNodeListener, type App } from 'h3'

/**
 * An h3 app on a real Node HTTP server (what the host's node-server preset runs), on a free
 * loopback port: for route tests that need a real socket (body limits, disconnects).
 */
export async function serveOnNode(configure: (app: App) => void): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const app = createApp()
  configure(app)
  const server: Server = createServer(toNodeListener(app))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface ChunkedUploadResult {
  /** The status line's code, or null when the server cut the connection without answering. */
  status: number | null
  /** Body bytes the client managed to hand to its socket before the server cut the connection. */
  sentBytes: number
  /** The server closed the connection. */
  closed: boolean
}

/**
 * Sends a chunked body of up to `totalBytes` on a raw socket, the way an attacker would (no
 * Content-Length), and keeps sending after an answer until the server closes the connection: a
 * server that answers but goes on reading (and buffering or draining) takes all of it. Bounded
 * in bytes and time.
 */
export async function sendChunkedBody(
  port: number,
  { method = 'POST', path, totalBytes, headers = {}, chunkBytes = 1024 * 1024, timeoutMs = 20_000 }: {
    method?: string
    path: string
    totalBytes: number
    headers?: Record<string, string>
    chunkBytes?: number
    timeoutMs?: number
  },
): Promise<ChunkedUploadResult> {
  const socket = connect(port, '127.0.0.1')
  let response = ''
  let closed = false
  socket.on('data', (data) => (response += data.toString('latin1')))
  socket.on('close', () => (closed = true))
  socket.on('error', () => (closed = true))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const head = Object.entries({ host: `127.0.0.1:${port}`, 'transfer-encoding': 'chunked', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n`)
  const chunk = Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), Buffer.alloc(chunkBytes, 0x20), Buffer.from('\r\n')])
  let sentBytes = 0
  const deadline = Date.now() + timeoutMs
  while (sentBytes < totalBytes && !closed && Date.now() < deadline) {
    const flushed = socket.write(chunk)
    sentBytes += chunkBytes
    if (!flushed) {
      await Promise.race([
        new Promise((resolve) => socket.once('drain', resolve)),
        new Promise((resolve) => setTimeout(resolve, 100)),
      ])
    }
  }
  if (sentBytes >= totalBytes && !closed) socket.write('0\r\n\r\n')
  // Give the answer (and the close) time to arrive: a loaded machine may take seconds.
  const waitUntil = Date.now() + 10_000
  while (response === '' && !closed && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20))
  const match = /^HTTP\/1\.1 (\d{3})/.exec(response)
  socket.destroy()
  return { status: match ? Number(match[1]) : null, sentBytes, closed }
}
