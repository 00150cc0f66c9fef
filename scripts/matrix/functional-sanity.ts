// D, functional sanity: what a matrix row's built server must do with its providers, through
// the core endpoints. Every check returns sentences that hold for any run of the row (no ids,
// ports or times), which the decoupling record quotes as evidence.
import { createHash } from 'node:crypto'
import { browserLikeClient, type BrowserLikeClient } from '../../apps/or3-chat/tests/integration/support/browser-like-client'
import { uploadReceiptFrom } from '../../apps/or3-chat/app/core/storage/upload-receipt'

export type TokenExpectation =
  /** The auth provider mints none: the broker answers null and nothing asks for one. */
  | { kind: 'null' }
  /** A token another provider verifies: `accepts` asks the Convex deployment double. */
  | { kind: 'minted'; issuer: string; accepts: (token: string) => Promise<string> }

export class SanityFailure extends Error {}

function expect(condition: boolean, sentence: string): void {
  if (!condition) throw new SanityFailure(sentence)
}

/**
 * Boot: the server says which providers it resolved from the registries, e.g.
 * `auth: clerk, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite`.
 */
export function checkProvidersLine(output: string, providersLine: string): string[] {
  const line = output.split('\n').find((text) => text.includes('OR3 providers:'))
  expect(line?.includes(`OR3 providers: ${providersLine}`) ?? false, `the boot line is not '${providersLine}': ${line ?? '(none)'}`)
  return [`boot line: OR3 providers: ${providersLine}`]
}

/** Workspace CRUD through the WorkspaceApi endpoints. */
export async function checkWorkspaces(client: BrowserLikeClient): Promise<string[]> {
  const listed = await client.get('/api/workspaces')
  expect(listed.status === 200 && listed.body.workspaces.length === 1, `GET /api/workspaces answered ${listed.status} ${JSON.stringify(listed.body)}`)
  const created = await client.post('/api/workspaces', { name: 'Matrix' })
  expect(created.status < 300 && created.body.workspace?.name === 'Matrix', `POST /api/workspaces answered ${created.status}`)
  const id = created.body.workspace.id as string
  const renamed = await client.patch(`/api/workspaces/${id}`, { name: 'Matrix 2' })
  expect(renamed.status === 200 && renamed.body.workspace.name === 'Matrix 2', `PATCH /api/workspaces/:id answered ${renamed.status}`)
  const switched = await client.post('/api/workspaces/active', { workspaceId: id })
  const session = await client.get('/api/auth/session')
  expect(switched.status === 200 && session.body.workspace?.name === 'Matrix 2', `POST /api/workspaces/active answered ${switched.status}`)
  const removed = await client.delete(`/api/workspaces/${id}`)
  const after = await client.get('/api/workspaces')
  expect(removed.status === 200 && after.body.workspaces.length === 1, `DELETE /api/workspaces/:id answered ${removed.status}`)
  return [
    `GET /api/workspaces → ${listed.status}, the personal workspace`,
    `POST /api/workspaces → ${created.status}; PATCH /api/workspaces/:id → ${renamed.status} (renamed); POST /api/workspaces/active → ${switched.status} (the session follows)`,
    `DELETE /api/workspaces/:id → ${removed.status}; the list is back to the personal workspace`,
  ]
}

/** Sync push and pull, dispatched through the registry to the row's sync adapter. */
export async function checkSync(client: BrowserLikeClient): Promise<string[]> {
  const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string
  const scope = { workspaceId }
  const hlc = `${String(Date.now()).padStart(13, '0')}:0000:matrix`
  const op = { opId: 'matrix-op-1', tableName: 'threads', operation: 'put', pk: 'matrix-thread', payload: { id: 'matrix-thread', title: 'from the matrix' }, stamp: { deviceId: 'matrix', opId: 'matrix-op-1', hlc, clock: 1 } }
  const pushed = await client.post('/api/sync/push', { scope, ops: [op] })
  expect(pushed.status === 200 && pushed.body.results?.[0]?.applied === true, `POST /api/sync/push answered ${pushed.status} ${JSON.stringify(pushed.body)}`)
  const replayed = await client.post('/api/sync/push', { scope, ops: [op] })
  expect(JSON.stringify(replayed.body.results?.[0]) === JSON.stringify(pushed.body.results[0]), 'a replayed op did not return its first result')
  const pulled = await client.post('/api/sync/pull', { scope, cursor: 0, tables: ['threads'] })
  const titles = (pulled.body.changes ?? []).map((change: { payload?: { title?: string } }) => change.payload?.title)
  expect(pulled.status === 200 && titles.includes('from the matrix'), `POST /api/sync/pull answered ${pulled.status} without the pushed row`)
  return [
    `POST /api/sync/push → ${pushed.status}, applied; the same op again → its first result (idempotent)`,
    `POST /api/sync/pull → ${pulled.status}, the pushed row at cursor 0`,
  ]
}

/** An attachment's round trip: presign, upload, commit, presign the download, fetch the same bytes. */
export async function checkStorage(client: BrowserLikeClient, baseUrl: string): Promise<string[]> {
  const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string
  const bytes = new TextEncoder().encode('matrix attachment \u2603')
  const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  const request = { workspaceId, hash, mimeType: 'text/plain', sizeBytes: bytes.length }
  const presigned = await client.post('/api/storage/presign-upload', request)
  expect(presigned.status === 200, `POST /api/storage/presign-upload answered ${presigned.status} ${JSON.stringify(presigned.body)}`)
  // As the app's storage queue does: send the bytes where the presign says, then commit.
  const upload = await fetch(new URL(presigned.body.url, baseUrl), {
    method: presigned.body.method,
    headers: { origin: baseUrl, ...presigned.body.headers },
    body: bytes,
  })
  expect(upload.status < 300, `the upload answered ${upload.status}`)
  // The upload's answer goes to the commit unchanged, as the app's storage queue passes it (Convex's `storageId`).
  const receipt = uploadReceiptFrom(await upload.text())
  const committed = await client.post('/api/storage/commit', { ...request, name: 'matrix.txt', ...(receipt ? { receipt } : {}) })
  expect(committed.status === 200, `POST /api/storage/commit answered ${committed.status} ${JSON.stringify(committed.body)}`)
  const download = await client.post('/api/storage/presign-download', { workspaceId, hash })
  expect(download.status === 200, `POST /api/storage/presign-download answered ${download.status}`)
  const fetched = new Uint8Array(await (await fetch(new URL(download.body.url, baseUrl), { headers: download.body.headers })).arrayBuffer())
  expect(Buffer.from(fetched).equals(Buffer.from(bytes)), 'the downloaded bytes differ from the uploaded ones')
  return [
    `POST /api/storage/presign-upload → 200; ${presigned.body.method} of the bytes → ${upload.status}; POST /api/storage/commit → 200`,
    'POST /api/storage/presign-download → 200; the download holds the uploaded bytes',
  ]
}

/** Token minting through POST /api/auth/token (the auth provider's ProviderTokenBroker). */
export async function checkTokenBroker(client: BrowserLikeClient, expectation: TokenExpectation): Promise<string[]> {
  const answer = await client.post('/api/auth/token', { providerId: 'convex', template: 'convex' })
  expect(answer.status === 200, `POST /api/auth/token answered ${answer.status} ${JSON.stringify(answer.body)}`)
  if (expectation.kind === 'null') {
    expect(answer.body.token === null, 'POST /api/auth/token minted a token where the auth provider mints none')
    return ['POST /api/auth/token {providerId: convex} → 200 {token: null}; no provider of this row asks for one']
  }
  const token = answer.body.token as string | null
  expect(typeof token === 'string', 'POST /api/auth/token answered no token')
  const claims = JSON.parse(Buffer.from(token!.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: string; aud?: string | string[] }
  expect(claims.iss === expectation.issuer, `the token's issuer is ${claims.iss}, not ${expectation.issuer}`)
  const accepted = await expectation.accepts(token!)
  return [`POST /api/auth/token {providerId: convex, template: convex} → 200, a token issued by ${describeIssuer(expectation.issuer)}`, accepted]
}

/** Without cloud mode the cloud endpoints are off: nothing to sign in to, nothing to mint. */
export async function checkLocalOnly(url: string): Promise<string[]> {
  const client = browserLikeClient(url)
  const session = await client.get('/api/auth/session')
  expect(session.status === 200 && session.body.cloudEnabled === false, `GET /api/auth/session answered cloudEnabled ${session.body.cloudEnabled}`)
  const lines = ['GET /api/auth/session → 200 {cloudEnabled: false}']
  for (const [method, path] of [['GET', '/api/workspaces'], ['POST', '/api/sync/pull'], ['POST', '/api/storage/presign-upload'], ['POST', '/api/auth/token']] as const) {
    const answer = method === 'GET' ? await client.get(path) : await client.post(path, {})
    expect(answer.status === 404, `${method} ${path} answered ${answer.status}, not 404`)
    lines.push(`${method} ${path} → 404 (cloud off)`)
  }
  return lines
}

function describeIssuer(issuer: string): string {
  return issuer.includes('clerk') ? 'the Clerk instance (its convex JWT template)' : 'the OR3 server'
}
