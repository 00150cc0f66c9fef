// The HTTP half of the push limit: a bare node:http server under Bun (as the host runs), that
// reads a push body, parses it and answers one result per op. No session, no validation, no
// SQL: what loopback HTTP and JSON cost alone. Prints its port.
import { createServer } from 'node:http'

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ops: Array<{ opId: string }> }
  const results = body.ops.map((op, i) => ({ opId: op.opId, applied: true, serverVersion: i + 1 }))
  response.writeHead(200, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ results, serverVersion: results.length }))
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(typeof address === 'object' && address ? address.port : 0)
})
