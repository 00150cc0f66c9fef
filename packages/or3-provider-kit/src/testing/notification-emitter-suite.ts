import { expect } from 'vitest'
import type { NotificationEmitter, NotificationInput, SyncGatewayAdapter } from '../contracts/server.ts'
import type { SyncChange } from '../schemas/sync.ts'
import { createTestClock, makeHlc, uniqueId } from './fixtures.ts'
import { expectProviderError, runConformanceSuite, withInstance, type ConformanceCase, type ConformanceFactory, type SuiteOptions } from './harness.ts'

/** The emitter and the sync gateway its rows travel through (what devices pull from). */
export interface NotificationEmitterHarness {
  emitter: NotificationEmitter
  sync: SyncGatewayAdapter
}

export interface NotificationEmitterSettings {
  now: () => number
}

export type NotificationEmitterFactory<T extends NotificationEmitterHarness = NotificationEmitterHarness> = ConformanceFactory<
  NotificationEmitterSettings,
  T
>

type EmitterCase = ConformanceCase<NotificationEmitterFactory>

function withHarness(factory: NotificationEmitterFactory, body: (h: NotificationEmitterHarness) => Promise<void>) {
  return withInstance(factory, { now: createTestClock().now }, body)
}

const notification = (workspaceId: string, fields: Partial<NotificationInput> = {}): NotificationInput => ({
  workspaceId,
  userId: uniqueId('user'),
  type: 'job.completed',
  title: 'Your answer is ready',
  body: 'The background answer finished.',
  threadId: uniqueId('thread'),
  ...fields,
})

/** Every notifications change of the workspace, as a device pulling from the start sees them. */
async function pullNotifications(h: NotificationEmitterHarness, workspaceId: string): Promise<SyncChange[]> {
  const changes: SyncChange[] = []
  let cursor = 0
  for (;;) {
    const page = await h.sync.pull({ userId: 'device' }, { scope: { workspaceId }, cursor, limit: 1000, tables: ['notifications'] })
    changes.push(...page.changes)
    if (!page.hasMore) return changes
    cursor = page.nextCursor
  }
}

export const notificationEmitterCases: readonly EmitterCase[] = [
  {
    name: "emit: the notification reaches the workspace's devices as a synced notifications row",
    run: (factory) =>
      withHarness(factory, async (h) => {
        const workspaceId = uniqueId('ws')
        const input = notification(workspaceId)
        const { id } = await h.emitter.emit(input)
        const rows = await pullNotifications(h, workspaceId)
        expect(rows.map((r) => r.pk), 'one row, keyed by the id emit returned').toEqual([id])
        const row = rows[0]!
        expect(row.op).toBe('put')
        expect(row.payload).toMatchObject({
          id,
          user_id: input.userId,
          type: input.type,
          title: input.title,
          body: input.body,
          thread_id: input.threadId,
          read_at: null,
          deleted: false,
        })
        expect(row.stamp.clock, 'a first revision, so a device edit (clock 2) wins').toBe(1)
      }),
  },
  {
    name: 'emit: every call is a new row with its own id',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const workspaceId = uniqueId('ws')
        const input = notification(workspaceId)
        const ids = [(await h.emitter.emit(input)).id, (await h.emitter.emit(input)).id]
        expect(new Set(ids).size).toBe(2)
        expect((await pullNotifications(h, workspaceId)).map((r) => r.pk).sort()).toEqual([...ids].sort())
      }),
  },
  {
    name: 'emit: a notification is seen only in its own workspace',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const [a, b] = [uniqueId('ws'), uniqueId('ws')]
        const { id: forA } = await h.emitter.emit(notification(a))
        const { id: forB } = await h.emitter.emit(notification(b))
        expect((await pullNotifications(h, a)).map((r) => r.pk), "A sees A's only").toEqual([forA])
        expect((await pullNotifications(h, b)).map((r) => r.pk), "B sees B's only").toEqual([forB])
      }),
  },
  {
    name: 'emit: a device marking it read (the next revision) wins over the server-written row',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const workspaceId = uniqueId('ws')
        const { id } = await h.emitter.emit(notification(workspaceId))
        const [written] = await pullNotifications(h, workspaceId)
        const opId = uniqueId('op')
        const hlc = makeHlc(Date.UTC(2099, 0, 1))
        const readAt = Date.UTC(2099, 0, 1)
        const [result] = (
          await h.sync.push(
            { userId: 'device' },
            {
              scope: { workspaceId },
              ops: [{ opId, tableName: 'notifications', operation: 'put', pk: id, payload: { ...written!.payload, read_at: readAt, clock: 2, hlc }, stamp: { deviceId: 'device-a', opId, hlc, clock: 2 } }],
            },
          )
        ).results
        expect(result?.applied, 'the device edit applies').toBe(true)
        const rows = await pullNotifications(h, workspaceId)
        expect(rows.at(-1)?.payload?.read_at).toBe(readAt)
      }),
  },
  {
    name: 'emit: invalid input is a VALIDATION error and writes nothing',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const workspaceId = uniqueId('ws')
        await expectProviderError(h.emitter.emit(notification(workspaceId, { title: '' })), 'VALIDATION', 'an empty title')
        await expectProviderError(h.emitter.emit(notification(workspaceId, { type: 'x'.repeat(1000) })), 'VALIDATION', 'an oversized type')
        expect(await pullNotifications(h, workspaceId)).toEqual([])
      }),
  },
]

/** `testNotificationEmitter({ name: 'sqlite', create: ({ now }) => ({ emitter, sync }) })`. */
export function testNotificationEmitter<T extends NotificationEmitterHarness>(options: NotificationEmitterFactory<T> & SuiteOptions<never>): void {
  runConformanceSuite('NotificationEmitter', notificationEmitterCases, options as unknown as NotificationEmitterFactory, options)
}
