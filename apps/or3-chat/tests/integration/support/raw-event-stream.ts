import { connect, type Socket } from 'node:net'

/**
 * One server-sent-events connection on a raw socket, so a test controls exactly how it ends:
 * `drop()` vanishes like a closed laptop lid (no request to stop, the socket just goes).
 */
export interface RawEventStream {
  /** The status code of the answer, once its head has arrived. */
  status(): number | null
  /** Everything received so far (head and body). */
  text(): string
  /** Resolves once `pattern` has been received; rejects when the stream closes or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** Resolves when the server has ended the response (its last chunk) or closed the connection. */
  ended(): Promise<void>
  drop(): void
}

export function openRawEventStream(baseUrl: string, path: string, headers: Record<string, string> = {}): RawEventStream {
  const { hostname, port } = new URL(baseUrl)
  const socket: Socket = connect(Number(port), hostname)
  let received = ''
  let socketClosed = false
  const waiters = new Set<() => void>()
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      socketClosed = true
      for (const wake of waiters) wake()
      resolve()
    }),
  )
  socket.on('error', () => {})
  socket.on('data', (data) => {
    received += data.toString('utf8')
    for (const wake of waiters) wake()
  })
  const head = Object.entries({ host: `${hostname}:${port}`, accept: 'text/event-stream', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\n${head}\r\n`))

  function waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(received)) return finish(resolve)
        if (socketClosed) return finish(() => reject(new Error(`stream closed before ${pattern}; received:\n${received}`)))
      }
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; received:\n${received}`))), timeoutMs)
      function finish(settle: () => void) {
        clearTimeout(timer)
        waiters.delete(check)
        settle()
      }
      waiters.add(check)
      check()
    })
  }

  return {
    status() {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received)
      return match ? Number(match[1]) : null
    },
    text: () => received,
    waitFor,
    // A chunked response ends with an empty chunk; the connection itself may stay open (keep-alive).
    ended: () => Promise.race([closed, waitFor(/\r\n0\r\n\r\n$/, 30_000).catch(() => closed)]),
    drop: () => socket.destroy(),
  }
}
