import { expectProviderError } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteBackgroundJobStore, openDatabase } from '../src/runtime/index'
import { createTempDatabase, type TempDatabase } from './support/temp-database'

const temps: TempDatabase[] = []
afterEach(() => {
  for (const temp of temps.splice(0)) temp.dispose()
})

describe('sqlite background job store', () => {
  it('another instance streams, and ends, a job one instance writes', async () => {
    const temp = createTempDatabase()
    temps.push(temp)
    const other = openDatabase(temp.path)
    try {
      const writer = createSqliteBackgroundJobStore({ db: temp.db })
      const reader = createSqliteBackgroundJobStore({ db: other })
      const job = await writer.create({ userId: 'u1', threadId: 't1', messageId: 'm1' })
      await writer.append(job.id, 'Hello')
      const partial = await reader.read(job.id, 0)
      expect([partial?.content, partial?.offset]).toEqual(['Hello', 5])
      expect(await reader.abort(job.id), 'the other instance aborts it').toBe(true)
      await expectProviderError(writer.append(job.id, ' world'), 'CONFLICT', 'the writer may not grow an aborted job')
      expect((await reader.read(job.id, 5))?.content, 'nothing was added').toBe('')
    } finally {
      other.close()
    }
  })

  it('NOT_FOUND for an unknown job; an empty chunk changes nothing', async () => {
    const store = createSqliteBackgroundJobStore({ db: openDatabase(':memory:') })
    await expectProviderError(store.append('missing', 'x'), 'NOT_FOUND', 'appending to an unknown job')
    await expectProviderError(store.complete('missing'), 'NOT_FOUND', 'completing an unknown job')
    await expectProviderError(store.abort('missing'), 'NOT_FOUND', 'aborting an unknown job')
    const job = await store.create({ userId: 'u1', threadId: 't1', messageId: 'm1' })
    expect(await store.append(job.id, '')).toEqual({ length: 0 })
    expect((await store.read(job.id, 0))?.content).toBe('')
  })
})
