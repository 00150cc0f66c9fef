import { deleteOp, putOp, uniqueId } from 'or3-provider-kit/testing'
import type { PendingOp } from 'or3-provider-kit'
import { expect } from 'vitest'
import { expectRefusal, type Actor } from '../support/actors'
import { memberOf, teamWorkspace } from '../support/memberships'
import type { TemplateCase } from '../support/run-cases'
import { signUp } from '../support/template-backend'

const wire = ({ payload, ...op }: PendingOp) => ({ ...op, ...(payload === undefined ? {} : { payloadJson: JSON.stringify(payload) }) })
const push = (actor: Actor, workspaceId: string, ops: PendingOp[]) =>
  actor.mutation<{ results: { applied: boolean; serverVersion: number; error?: { code: string } }[]; serverVersion: number }>('sync:push', {
    workspaceId,
    ops: ops.map(wire),
  })

interface PullPage {
  changes: { serverVersion: number; pk: string; payloadJson?: string }[]
  nextCursor: number
  hasMore: boolean
}

async function pullEverything(actor: Actor, workspaceId: string) {
  const pages: PullPage[] = []
  let cursor = 0
  for (let page = 0; page < 100; page++) {
    const answer = await actor.query<PullPage>('sync:pull', { workspaceId, cursor, limit: 1000 })
    pages.push(answer)
    cursor = answer.nextCursor
    if (!answer.hasMore) return pages
  }
  throw new Error('pull kept answering hasMore')
}

export const syncCases: TemplateCase[] = [
  {
    name: 'sync roles: viewers read, editors write, strangers do neither, whatever workspace id they name',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const [editor, viewer] = [await memberOf(backend, owner, ws, 'editor'), await memberOf(backend, owner, ws, 'viewer')]
      const stranger = await signUp(backend)
      expect((await push(editor, ws, [putOp('t1')])).results[0]!.applied, 'an editor pushes').toBe(true)
      await expectRefusal(push(viewer, ws, [putOp('t2')]), 'FORBIDDEN', 'a viewer pushing')
      await expectRefusal(viewer.mutation('sync:gcChangeLog', { workspaceId: ws }), 'FORBIDDEN', 'a viewer collecting garbage')
      expect((await viewer.query<PullPage>('sync:pull', { workspaceId: ws, cursor: 0 })).changes, 'a viewer pulls').toHaveLength(1)
      expect((await viewer.mutation<{ cursor: number }>('sync:updateCursor', { workspaceId: ws, deviceId: 'v', version: 1 })).cursor).toBe(1)
      expect(await viewer.query('sync:latestVersion', { workspaceId: ws }), 'and watches the version').toEqual({ version: 1 })
      for (const workspaceId of [ws, owner.personalWorkspaceId, uniqueId('ws-made-up')]) {
        await expectRefusal(stranger.query('sync:pull', { workspaceId, cursor: 0 }), 'FORBIDDEN', `a stranger pulling ${workspaceId}`)
        await expectRefusal(push(stranger, workspaceId, [putOp('t9')]), 'FORBIDDEN', `a stranger pushing to ${workspaceId}`)
      }
      await expectRefusal(editor.query('sync:snapshot', { workspaceId: owner.personalWorkspaceId }), 'FORBIDDEN', "an editor of one workspace reading the owner's personal one")
    },
  },
  {
    name: 'sync push: a malformed batch is refused whole, before anything is applied',
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const good = putOp('ok')
      const malformed: [string, Record<string, unknown>][] = [
        ['no ops', { workspaceId: ws, ops: [] }],
        ['payload text that is not JSON', { workspaceId: ws, ops: [wire(good), { ...wire(putOp('bad')), payloadJson: '{nope' }] }],
        ['a payload that is an array', { workspaceId: ws, ops: [wire(good), { ...wire(putOp('arr')), payloadJson: '[1,2]' }] }],
        ['a stamp for another op', { workspaceId: ws, ops: [{ ...wire(putOp('s')), opId: 'other-op' }] }],
        ['a table that does not sync', { workspaceId: ws, ops: [{ ...wire(putOp('x')), tableName: 'api_keys' }] }],
        ['a negative clock', { workspaceId: ws, ops: [{ ...wire(putOp('c')), stamp: { ...putOp('c').stamp, clock: -1 } }] }],
        ['a put without a payload', { workspaceId: ws, ops: [{ ...wire(putOp('p')), payloadJson: undefined }] }],
      ]
      for (const [what, args] of malformed) {
        await expectRefusal(user.mutation('sync:push', args), 'VALIDATION', what)
      }
      expect((await user.query<PullPage>('sync:pull', { workspaceId: ws, cursor: 0 })).changes, 'nothing was applied').toEqual([])
    },
  },
  {
    name: 'sync payloads are the device JSON, whatever field names it holds',
    async run(backend) {
      const user = await signUp(backend)
      const payload = { id: 'm1', $schema: 'x', '': 'empty key', 'ключ': ['ü', { _id: 1, 'a.b': null }], big: 2 ** 53 - 1, neg: -0.5 }
      await push(user, user.personalWorkspaceId, [putOp('m1', payload, { table: 'messages' })])
      const [change] = (await user.query<PullPage>('sync:pull', { workspaceId: user.personalWorkspaceId, cursor: 0 })).changes
      expect(JSON.parse(change!.payloadJson!), 'the payload round-trips unchanged').toEqual({ ...putOp('m1').payload, ...payload, id: 'm1' })
    },
  },
  {
    name: "sync within Convex's limits: full batches of 64 KiB payloads are stored, and pulled and snapshotted in pages",
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      // 64 KiB of JSON per op, minus the envelope: the largest payload the protocol accepts.
      const body = 'x'.repeat(64 * 1024 - 200)
      for (const batch of [0, 1]) {
        const answer = await push(user, ws, Array.from({ length: 100 }, (_, i) => putOp(`row-${batch}-${i}`, { body })))
        expect(answer.results.every((r) => r.applied), `batch ${batch}: all 100 ops applied`).toBe(true)
      }
      const pages = await pullEverything(user, ws)
      expect(pages.length, '12.5 MiB of changes do not fit one answer').toBeGreaterThan(1)
      expect(pages.flatMap((p) => p.changes.map((c) => c.serverVersion)), 'every version once, ascending').toEqual(
        Array.from({ length: 200 }, (_, i) => i + 1),
      )
      let rows = 0
      let pageToken: string | undefined
      let snapshotPages = 0
      do {
        const page = await user.query<{ rows: unknown[]; nextPageToken: string | null; version: number }>('sync:snapshot', {
          workspaceId: ws,
          limit: 1000,
          ...(pageToken ? { atVersion: 200, pageToken } : {}),
        })
        rows += page.rows.length
        snapshotPages += 1
        pageToken = page.nextPageToken ?? undefined
      } while (pageToken)
      expect([rows, snapshotPages > 1], 'the snapshot pages through all 200 rows').toEqual([200, true])
      const oversize = await push(user, ws, [putOp('huge', { body: 'x'.repeat(64 * 1024) })])
      expect(oversize.results[0]!.error?.code, 'one byte over 64 KiB is TOO_LARGE').toBe('TOO_LARGE')
    },
  },
  {
    name: 'notifications:emit writes a server row every member pulls, and moves the version watchers see',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const viewer = await memberOf(backend, owner, ws, 'viewer')
      await push(owner, ws, [putOp('t1'), deleteOp('t1', { clock: 2 })])
      const { id } = await backend.server.mutation<{ id: string }>('notifications:emit', {
        workspaceId: ws,
        userId: viewer.id,
        type: 'job.completed',
        title: 'Your answer is ready',
        threadId: 't1',
      })
      expect(await viewer.query('sync:latestVersion', { workspaceId: ws }), 'a new version').toEqual({ version: 3 })
      const [change] = (await viewer.query<PullPage & { changes: { stamp: { deviceId: string }; tableName: string }[] }>('sync:pull', { workspaceId: ws, cursor: 2 })).changes
      expect([change!.tableName, change!.pk, change!.stamp.deviceId], 'a notifications row from the server').toEqual(['notifications', id, 'or3-server'])
      expect(JSON.parse(change!.payloadJson!), 'addressed to the user').toMatchObject({ user_id: viewer.id, title: 'Your answer is ready', read_at: null })
    },
  },
]
