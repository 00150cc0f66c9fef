import { sha256Hash, uniqueId, utf8 } from 'or3-provider-kit/testing'
import { expect } from 'vitest'
import { expectRefusal, type UserActor } from '../support/actors'
import { memberOf, teamWorkspace } from '../support/memberships'
import type { TemplateCase } from '../support/run-cases'
import { PAST, signUp, TEST_SETTINGS, type TemplateBackend } from '../support/template-backend'

interface Presigned {
  url: string
  method: string
  headers: Record<string, string>
  expiresAt: number
  alreadyExists?: boolean
}
type Commit = { committed: true; hash: string }

const fileOf = (text = uniqueId('file')) => {
  const bytes = utf8(`contents of ${text}`)
  return { bytes, hash: sha256Hash(bytes), mimeType: 'text/plain', sizeBytes: bytes.length, name: `${text}.txt` }
}
type TestFile = ReturnType<typeof fileOf>

const presignUpload = (user: UserActor, workspaceId: string, file: TestFile) =>
  user.mutation<Presigned>('storage:presignUpload', { workspaceId, hash: file.hash, mimeType: file.mimeType, sizeBytes: file.sizeBytes })

const commit = (user: UserActor, workspaceId: string, file: TestFile, storageId?: string) =>
  user.mutation<Commit>('storage:commit', {
    workspaceId,
    hash: file.hash,
    mimeType: file.mimeType,
    sizeBytes: file.sizeBytes,
    name: file.name,
    ...(storageId === undefined ? {} : { storageId }),
  })

/** presign, upload `bytes` (the file's own by default), and commit with the storage id the upload answered. */
async function store(backend: TemplateBackend, user: UserActor, workspaceId: string, file: TestFile, bytes = file.bytes) {
  const storageId = await backend.upload(await presignUpload(user, workspaceId, file), bytes)
  return { storageId, answer: await commit(user, workspaceId, file, storageId) }
}

async function download(backend: TemplateBackend, user: UserActor, workspaceId: string, file: TestFile) {
  const presigned = await user.query<Presigned>('storage:presignDownload', { workspaceId, hash: file.hash })
  return await backend.download(presigned.url)
}

export const storageCases: TemplateCase[] = [
  {
    name: 'storage round trip: an editor uploads to Convex storage and commits; a viewer downloads the same bytes',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const viewer = await memberOf(backend, owner, ws, 'viewer')
      const file = fileOf()
      const presigned = await presignUpload(owner, ws, file)
      expect([presigned.method, presigned.headers['Content-Type'], presigned.alreadyExists], 'a Convex upload URL').toEqual(['POST', 'text/plain', false])
      const storageId = await backend.upload(presigned, file.bytes)
      expect(await commit(owner, ws, file, storageId), 'committed').toEqual({ committed: true, hash: file.hash })
      expect(await commit(owner, ws, file, storageId), 'committing again is idempotent').toEqual({ committed: true, hash: file.hash })
      expect([...((await download(backend, viewer, ws, file)) ?? [])], 'byte for byte').toEqual([...file.bytes])
      expect((await presignUpload(owner, ws, file)).alreadyExists, 'the workspace holds it now: dedup').toBe(true)
      await expectRefusal(presignUpload(viewer, ws, fileOf()), 'FORBIDDEN', 'a viewer uploading')
    },
  },
  {
    name: 'storage commit refuses bytes whose sha256 or size differ from the claim; they are never the blob',
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const claimed = fileOf('claimed')
      const forged = claimed.bytes.map((b, i) => (i === 0 ? b ^ 1 : b))
      const storageId = await backend.upload(await presignUpload(user, ws, claimed), forged)
      await expectRefusal(commit(user, ws, claimed, storageId), 'VALIDATION', 'bytes that hash differently')
      await expectRefusal(commit(user, ws, claimed, storageId), 'VALIDATION', 'and again: they never become the blob')
      await expectRefusal(user.query('storage:presignDownload', { workspaceId: ws, hash: claimed.hash }), 'NOT_FOUND', 'nothing to download')
      expect((await presignUpload(user, ws, claimed)).alreadyExists, 'the hash is not held').toBe(false)
      const longer = { ...claimed, sizeBytes: claimed.sizeBytes + 1 }
      const padded = await backend.upload(await presignUpload(user, ws, longer), claimed.bytes)
      await expectRefusal(commit(user, ws, longer, padded), 'VALIDATION', 'bytes of another size')
      expect((await store(backend, user, ws, claimed)).answer.committed, 'the right bytes still commit').toBe(true)
    },
  },
  {
    name: "storage tenancy: a commit needs this workspace's upload; knowing a hash or another storage id grants nothing",
    async run(backend) {
      const [alice, bob] = [await signUp(backend), await signUp(backend)]
      const file = fileOf()
      await expectRefusal(commit(alice, alice.personalWorkspaceId, file), 'NOT_FOUND', 'committing before any upload')
      const { storageId } = await store(backend, alice, alice.personalWorkspaceId, file)
      await expectRefusal(download(backend, bob, alice.personalWorkspaceId, file), 'FORBIDDEN', "Bob reading Alice's workspace")
      await expectRefusal(bob.query('storage:presignDownload', { workspaceId: bob.personalWorkspaceId, hash: file.hash }), 'NOT_FOUND', "Alice's blob in Bob's workspace")
      await presignUpload(bob, bob.personalWorkspaceId, file)
      await expectRefusal(commit(bob, bob.personalWorkspaceId, file, storageId), 'NOT_FOUND', "Bob committing Alice's stored bytes by their id")
      expect((await presignUpload(bob, bob.personalWorkspaceId, file)).alreadyExists, 'no dedup across workspaces').toBe(false)
    },
  },
  {
    name: 'storage limits: the size and types the OR3 server configured',
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const hash = fileOf().hash
      const presign = (mimeType: string, sizeBytes: number) => user.mutation<Presigned>('storage:presignUpload', { workspaceId: ws, hash, mimeType, sizeBytes })
      await expectRefusal(presign('text/plain', TEST_SETTINGS.maxFileBytes + 1), 'TOO_LARGE', 'a file over maxFileBytes')
      await expectRefusal(presign('application/x-msdownload', 10), 'VALIDATION', 'a type outside allowedMimeTypes')
      await expectRefusal(user.mutation('storage:presignUpload', { workspaceId: ws, hash: 'sha256:ABC', mimeType: 'text/plain', sizeBytes: 3 }), 'VALIDATION', 'a malformed hash')
      expect((await presign('image/png', TEST_SETTINGS.maxFileBytes)).method, 'at the limit, an allowed type').toBe('POST')
    },
  },
  {
    name: 'storage GC: removes listed uploads and blobs past grace; never one a live file_meta row references',
    needsClock: true,
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const [referenced, unreferenced, unlisted, recent, abandoned, kept] = [
        fileOf('referenced'),
        fileOf('unreferenced'),
        fileOf('unlisted'),
        fileOf('recent'),
        fileOf('abandoned'),
        fileOf('kept-upload'),
      ]
      for (const file of [referenced, unreferenced, unlisted]) await store(backend, user, ws, file)
      await presignUpload(user, ws, abandoned)
      await presignUpload(user, ws, kept)
      const meta = { opId: 'fm-1', tableName: 'file_meta', operation: 'put', pk: referenced.hash, payloadJson: JSON.stringify({ hash: referenced.hash }), stamp: { deviceId: 'd', opId: 'fm-1', hlc: 'h', clock: 1 } }
      await user.mutation('sync:push', { workspaceId: ws, ops: [meta] })
      backend.clock!.advance(TEST_SETTINGS.uploadGraceMs + PAST)
      await store(backend, user, ws, recent)
      const page = (kind: 'uploads' | 'blobs') =>
        backend.server.query<{ hashes: string[]; isDone: boolean }>('storage:gcCandidates', { workspaceId: ws, kind, cursor: null })
      const blobs = await page('blobs')
      expect([new Set(blobs.hashes), blobs.isDone], 'blobs past grace are candidates').toEqual([new Set([referenced.hash, unreferenced.hash, unlisted.hash]), true])
      expect(new Set((await page('uploads')).hashes), 'so are uploads past grace').toEqual(new Set([abandoned.hash, kept.hash]))
      await expectRefusal(user.query('storage:gcCandidates', { workspaceId: ws, kind: 'blobs', cursor: null }), 'FORBIDDEN', 'a user listing candidates')
      const { removed } = await backend.server.mutation<{ removed: number }>('storage:gc', {
        workspaceId: ws,
        unreferenced: [referenced.hash, unreferenced.hash, recent.hash, abandoned.hash],
      })
      expect(removed, 'the listed stale upload and the one unreferenced old blob').toBe(2)
      expect(await download(backend, user, ws, referenced), 'a referenced blob stays, whatever the list said').not.toBeNull()
      await expectRefusal(download(backend, user, ws, unreferenced), 'NOT_FOUND', 'the collected blob')
      expect(await download(backend, user, ws, unlisted), 'a blob the server did not list stays').not.toBeNull()
      expect(await download(backend, user, ws, recent), 'a blob within grace stays').not.toBeNull()
      await expectRefusal(commit(user, ws, abandoned, 'whatever'), 'NOT_FOUND', 'the stale upload is gone')
      expect(new Set((await page('uploads')).hashes), 'an upload the server did not list stays').toEqual(new Set([kept.hash]))
    },
  },
  {
    name: 'maintenance sweeps bytes uploaded but never committed, after the grace period',
    needsClock: true,
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const [kept, dropped] = [fileOf('kept'), fileOf('dropped')]
      await store(backend, user, ws, kept)
      const orphan = await backend.upload(await presignUpload(user, ws, dropped), dropped.bytes)
      expect((await backend.runInternal<{ count: number }>('maintenance:sweepStorage')).count, 'within grace nothing goes').toBe(0)
      backend.clock!.advance(TEST_SETTINGS.uploadGraceMs + PAST)
      expect((await backend.runInternal<{ count: number }>('maintenance:sweepStorage')).count, 'the orphaned upload goes').toBe(1)
      await expectRefusal(commit(user, ws, dropped, orphan), 'NOT_FOUND', 'its bytes are gone')
      expect(await download(backend, user, ws, kept), 'a committed blob stays').not.toBeNull()
    },
  },
]
