// The adapter factories on their own: what a provider no longer writes, proven once here.
import { describe, expect, it } from 'vitest'
import { defineAdminAdapter } from '../src/adapters/define-admin-adapter.ts'
import { defineAuthProvider } from '../src/adapters/define-auth-provider.ts'
import { defineStorageGateway } from '../src/adapters/define-storage-gateway.ts'
import { defineBackgroundJobStore } from '../src/adapters/define-stores.ts'
import { defineSyncGateway, type SyncGatewayImplementation } from '../src/adapters/define-sync-gateway.ts'
import { mapSqliteError } from '../src/adapters/backend-errors.ts'
import { ProviderError } from '../src/errors.ts'
import { pushRequestSchema, SYNC_LIMITS, type PushRequest } from '../src/schemas/sync.ts'
import { parseWire } from '../src/schemas/validation.ts'
import { createMemoryBackgroundJobStore } from '../src/memory/background-job-store.ts'
import { putOp } from '../src/testing/fixtures.ts'
import { expectProviderError } from '../src/testing/harness.ts'
import type { H3Event } from 'h3'

const ctx = { userId: 'u1' }
const scope = { workspaceId: 'ws-1' }

/** A sync implementation that records what reached it and applies every op at the next version. */
function recordingSync(overrides: Partial<SyncGatewayImplementation> = {}) {
  const received: PushRequest[] = []
  let version = 0
  const gateway = defineSyncGateway({
    id: 'recording',
    push(_ctx, request) {
      received.push(request)
      return { results: request.ops.map((op) => ({ opId: op.opId, applied: true, serverVersion: ++version })), serverVersion: version }
    },
    pull: (_ctx, request) => ({ changes: [], nextCursor: request.limit, hasMore: false }),
    snapshot: () => ({ rows: [], version, nextPageToken: null, hasMore: false }),
    updateCursor: (_ctx, request) => ({ cursor: request.version }),
    ...overrides,
  })
  return { gateway, received }
}

describe('defineSyncGateway', () => {
  it('refuses a malformed request before the provider sees it, with field errors', async () => {
    const { gateway, received } = recordingSync()
    const bad = { scope, ops: [{ ...putOp('t1'), pk: 'x'.repeat(SYNC_LIMITS.maxPkLength + 1) }] }
    await expectProviderError(gateway.push(ctx, bad), 'VALIDATION', 'a pk over the limit')
    const error = await gateway.push(ctx, bad).catch((e: ProviderError) => e)
    expect(Object.keys((error as ProviderError).fields ?? {})).toEqual(['ops.0.pk'])
    await expectProviderError(
      gateway.push(ctx, { scope, ops: Array.from({ length: SYNC_LIMITS.maxOpsPerPush + 1 }, (_, i) => putOp(`r${i}`)) }),
      'VALIDATION',
      'a batch over 100 ops',
    )
    await expectProviderError(gateway.pull(ctx, { scope, cursor: 0, limit: SYNC_LIMITS.maxPullLimit + 1 }), 'VALIDATION', 'a pull over the limit')
    expect(received, 'nothing reached the provider').toHaveLength(0)
  })

  it('fills in defaults the provider can rely on', async () => {
    const { gateway } = recordingSync()
    expect((await gateway.pull(ctx, { scope, cursor: 0 })).nextCursor, 'the default pull limit').toBe(SYNC_LIMITS.defaultPullLimit)
  })

  it('answers an oversize op TOO_LARGE itself and passes the rest, results in order', async () => {
    const { gateway, received } = recordingSync()
    const huge = putOp('huge', { body: 'x'.repeat(SYNC_LIMITS.maxPayloadBytes) })
    const { results, serverVersion } = await gateway.push(ctx, { scope, ops: [putOp('a'), huge, putOp('b')] })
    expect(received[0]?.ops.map((op) => op.pk), 'only the ops within limits reach the provider').toEqual(['a', 'b'])
    expect(results.map((r) => [r.applied, r.error?.code])).toEqual([[true, undefined], [false, 'TOO_LARGE'], [true, undefined]])
    expect(results[1]?.serverVersion, "a refused op answers the workspace's latest version").toBe(serverVersion)
  })

  it('does not parse again what the kit already parsed, and parses anything else', async () => {
    const { gateway, received } = recordingSync()
    const parsed = parseWire(pushRequestSchema, { scope, ops: [putOp('a')] })
    await gateway.push(ctx, parsed)
    expect(received[0], 'a parsed request is handed on as it is').toBe(parsed)
    const raw = { scope, ops: [putOp('b')] }
    await gateway.push(ctx, raw)
    expect(received[1], 'a raw request is parsed into a new object').not.toBe(raw)
    expect(received[1]).toEqual(raw)
  })

  it('is INTERNAL when the provider answers the wrong number of results', async () => {
    const { gateway } = recordingSync({ push: () => ({ results: [], serverVersion: 0 }) })
    await expectProviderError(gateway.push(ctx, { scope, ops: [putOp('a')] }), 'INTERNAL', 'a result missing')
  })

  it('maps backend failures through mapError and leaves ProviderErrors and unknown failures alone', async () => {
    const failWith = (error: Error) =>
      recordingSync({
        mapError: mapSqliteError,
        pull: () => {
          throw error
        },
      }).gateway.pull(ctx, { scope, cursor: 0 })
    const busy = Object.assign(new Error('database is locked'), { name: 'SQLiteError', code: 'SQLITE_BUSY' })
    const caught = await failWith(busy).catch((e: unknown) => e)
    expect([(caught as ProviderError).code, (caught as ProviderError).retryAfterSeconds]).toEqual(['UNAVAILABLE', 1])
    const unique = Object.assign(new Error('UNIQUE constraint failed'), { name: 'SQLiteError', code: 'SQLITE_CONSTRAINT_UNIQUE' })
    await expectProviderError(failWith(unique), 'CONFLICT', 'a unique constraint')
    await expectProviderError(failWith(new ProviderError('NOT_FOUND', 'gone')), 'NOT_FOUND', 'a ProviderError')
    const bug = new TypeError('x is undefined')
    expect(await failWith(bug).catch((e: unknown) => e), 'a bug stays itself: core answers 500').toBe(bug)
  })
})

describe('defineStorageGateway', () => {
  it('applies the upload limits to presignUpload and commit before the provider runs', async () => {
    let calls = 0
    const count = () => {
      calls++
      throw new Error('reached the provider')
    }
    const storage = defineStorageGateway({
      id: 'limited',
      limits: { maxFileBytes: 10, allowedMimeTypes: ['text/plain'] },
      presignUpload: count,
      presignDownload: count,
      commit: count,
    })
    const file = { workspaceId: 'ws-1', hash: `sha256:${'a'.repeat(64)}`, mimeType: 'text/plain', sizeBytes: 11 }
    await expectProviderError(storage.presignUpload(ctx, file), 'TOO_LARGE', 'a file over maxFileBytes')
    await expectProviderError(storage.commit(ctx, { ...file, sizeBytes: 5, mimeType: 'image/png', name: 'a.png' }), 'VALIDATION', 'a type not allowed')
    await expectProviderError(storage.presignDownload(ctx, { workspaceId: 'ws-1', hash: 'md5:abc' }), 'VALIDATION', 'a malformed hash')
    expect(calls).toBe(0)
  })
})

describe('the small stores', () => {
  it('check arguments and normalize what a store keeps', async () => {
    const jobs = createMemoryBackgroundJobStore()
    await expectProviderError(jobs.create({ userId: '', threadId: 't', messageId: 'm' }), 'VALIDATION', 'an empty user id')
    const job = await jobs.create({ userId: 'u', threadId: 't', messageId: 'm' })
    await expectProviderError(jobs.read(job.id, -1), 'VALIDATION', 'a negative offset')
    expect((await jobs.fail(job.id, 'e'.repeat(5000))).error, 'a long failure is cut').toHaveLength(2000)
  })

  it('keep a method the provider does not offer absent, and pass extra arguments on', async () => {
    const seen: unknown[][] = []
    const store = defineBackgroundJobStore({
      ...createMemoryBackgroundJobStore(),
      id: 'extra',
      countRunning: (...args: unknown[]) => (seen.push(args), 0),
    } as Parameters<typeof defineBackgroundJobStore>[0])
    await (store.countRunning as (...args: unknown[]) => Promise<number>)('u', { extra: true })
    expect(seen[0]).toEqual(['u', { extra: true }])
  })
})

describe('defineAdminAdapter and defineAuthProvider', () => {
  it('reports a backend that cannot be asked as unhealthy instead of throwing', async () => {
    const admin = defineAdminAdapter({
      id: 'x',
      kind: 'db',
      unreadable: 'The database cannot be read',
      status: async () => {
        throw new Error('disk I/O error')
      },
    })
    expect(await admin.getStatus()).toEqual({
      id: 'x',
      kind: 'db',
      configured: true,
      healthy: false,
      warnings: ['The database cannot be read: disk I/O error'],
    })
  })

  it('refuses a session that is not the contract shape, and maps backend failures', async () => {
    const event = {} as H3Event
    const malformed = defineAuthProvider({ id: 'x', getSession: () => ({ provider: 'x' }) as never })
    await expectProviderError(malformed.getSession(event), 'INTERNAL', 'a session without a user id')
    const busy = defineAuthProvider({
      id: 'x',
      mapError: () => new ProviderError('UNAVAILABLE', 'busy'),
      getSession: () => {
        throw new Error('SQLITE_BUSY')
      },
    })
    await expectProviderError(busy.getSession(event), 'UNAVAILABLE', 'a busy backend')
  })
})
