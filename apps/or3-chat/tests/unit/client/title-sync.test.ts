import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { titleThreadAfterFirstAnswer } from '../../../app/core/chat/thread-title'
import { addUserTurn, renameThread } from '../../../app/core/chat/thread-writes'
import { ManualScheduler } from './support/manual-scheduler'
import { createMemorySyncServer } from './support/memory-sync-provider'
import { closeTestDatabases } from './support/test-db'
import { createTestDevice } from './support/test-device'

afterEach(closeTestDatabases)

type Device = Awaited<ReturnType<typeof createTestDevice>>

async function settle(device: Device) {
  device.scheduler.advance(10)
  await device.sync.whenIdle()
}

/** Two synced devices that both hold a thread whose first answer completed, still under its placeholder title. */
async function twoDevicesWithAnsweredThread() {
  const server = createMemorySyncServer()
  // One clock each: a device's push waits until its own clock is advanced.
  const a = await createTestDevice(server.providerFor(), { deviceId: 'dev-a', scheduler: new ManualScheduler() })
  const b = await createTestDevice(server.providerFor(), { deviceId: 'dev-b', scheduler: new ManualScheduler() })
  a.sync.start()
  b.sync.start()
  await Promise.all([a.sync.whenIdle(), b.sync.whenIdle()])
  const turn = await addUserTurn(a, { threadId: null, text: 'Which houseplants need little light?', fileHashes: [], model: 'test/echo' })
  await a.writer.patch('messages', turn.answerId, { content: 'Snake plants and pothos.', status: 'complete' })
  await settle(a)
  await settle(b)
  expect((await b.db.threads.get(turn.threadId))?.title_source).toBe('placeholder')
  return { a, b, threadId: turn.threadId, answerId: turn.answerId }
}

const generated = async () => 'Low-light houseplants'

async function titlesOf(devices: Device[], threadId: string) {
  return Promise.all(devices.map(async (device) => (await device.db.threads.get(threadId))?.title))
}

describe('generated titles never beat a rename across devices', () => {
  it('the rename wins when the generated title reaches the server first', async () => {
    const { a, b, threadId, answerId } = await twoDevicesWithAnsweredThread()
    await renameThread(a, threadId, 'Plants for the hallway') // not pushed yet
    // The title is written a second later: by its time alone it would win last-writer-wins.
    b.scheduler.advance(1_000)
    expect(await titleThreadAfterFirstAnswer(b, { threadId, answerId }, generated)).toBe('Low-light houseplants')
    await settle(b)
    await settle(a)
    await settle(b)
    await settle(a)
    expect(await titlesOf([a, b], threadId)).toEqual(['Plants for the hallway', 'Plants for the hallway'])
  })

  it('the rename wins when the generated title was written later, on a device that had not seen it', async () => {
    const { a, b, threadId, answerId } = await twoDevicesWithAnsweredThread()
    b.sync.stop()
    await renameThread(a, threadId, 'Plants for the hallway')
    await settle(a)
    b.scheduler.advance(1_000)
    expect(await titleThreadAfterFirstAnswer(b, { threadId, answerId }, generated)).toBe('Low-light houseplants')
    b.sync.start()
    await settle(b)
    await settle(a)
    expect(await titlesOf([a, b], threadId)).toEqual(['Plants for the hallway', 'Plants for the hallway'])
    expect((await b.db.threads.get(threadId))?.title_source).toBe('user')
  })

  it('without a rename, the generated title reaches the other device', async () => {
    const { a, b, threadId, answerId } = await twoDevicesWithAnsweredThread()
    await titleThreadAfterFirstAnswer(b, { threadId, answerId }, generated)
    await settle(b)
    await settle(a)
    expect(await titlesOf([a, b], threadId)).toEqual(['Low-light houseplants', 'Low-light houseplants'])
    expect((await a.db.threads.get(threadId))?.title_source).toBe('generated')
  })
})
