import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useLiveQueryRef } from '../../../app/core/chat/live-query'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { applyRemoteChanges, inRemoteTransaction } from '../../../app/core/sync/apply-remote'
import { closeTestDatabases, openTestDatabase } from './support/test-db'
import { thread } from './support/test-device'

afterEach(closeTestDatabases)

async function eventually(condition: () => boolean, what: string) {
  for (let waited = 0; waited < 5_000; waited += 10) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`never happened: ${what}`)
}
/** Long enough for Dexie to have delivered anything it was going to deliver. */
const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 100))

async function setup() {
  const db = await openTestDatabase()
  const hlc = createHybridLogicalClock('dev-local')
  const writer = createLocalWriter({ db, deviceId: 'dev-local', hlc, capture: false })
  let n = 0
  const remotePut = () => {
    const id = `remote-${n++}`
    const stamp = { deviceId: 'dev-r', opId: `op-${id}`, hlc: '1700000000000:0000:dev-r', clock: 1 }
    return inRemoteTransaction(db, () => applyRemoteChanges(db, [{ tableName: 'threads', pk: id, deleted: false, payload: thread(id, id), stamp }], hlc))
  }
  let reads = 0
  const scope = effectScope()
  const [count, mine] = scope.run(() => [
    useLiveQueryRef(() => ({ db, read: () => (reads++, db.threads.count()) }), -1),
    useLiveQueryRef(() => ({ db, read: () => db.threads.where('id').equals('mine').toArray() }), null),
  ])!
  return { db, writer, remotePut, count, mine, reads: () => reads, stop: () => scope.stop() }
}

describe('live queries during bulk work', () => {
  it('hold still while pages land, refresh at a milestone and after a local write, and follow again at the end', async () => {
    const { db, writer, remotePut, count, mine, reads, stop } = await setup()
    await eventually(() => count.value === 0, 'the first read')
    await remotePut()
    await eventually(() => count.value === 1, 'a remote change shows at once outside bulk work')

    db.changeFeed.emit({ type: 'bulk-start' })
    const readsBefore = reads()
    for (let page = 0; page < 20; page++) await remotePut()
    await quietPeriod()
    expect(reads(), 'no read per page').toBe(readsBefore)
    expect(count.value).toBe(1)

    db.changeFeed.emit({ type: 'bulk-progress', progress: { done: 20, total: 40, milestone: true } })
    await eventually(() => count.value === 21, 'the milestone refresh')

    await writer.put('threads', thread('mine', 'written by the user'))
    await eventually(() => count.value === 22, "the user's own write, during bulk work")
    await eventually(() => mine.value?.length === 1, 'the row read by a second query')
    const shown = mine.value

    // A refresh that reads the same rows again leaves the result as it was (nothing re-renders).
    await remotePut()
    db.changeFeed.emit({ type: 'bulk-progress', progress: { done: 30, total: 40, milestone: true } })
    await eventually(() => count.value === 23, 'the second milestone refresh')
    expect(mine.value).toBe(shown)

    await remotePut()
    db.changeFeed.emit({ type: 'bulk-progress', progress: { done: 40, total: 40 } })
    await eventually(() => count.value === 24, 'a paced refresh after progress')

    db.changeFeed.emit({ type: 'bulk-end' })
    await remotePut()
    await eventually(() => count.value === 25, 'following Dexie again after the bulk work')
    stop()
  })
})
