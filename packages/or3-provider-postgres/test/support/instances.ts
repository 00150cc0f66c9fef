import { afterEach } from 'vitest'
import type { PostgresDatabase } from '../../src/runtime/index'
import { disposeTestDatabase, openSecondPool, openTestDatabase } from './test-database'

/**
 * Two pools on one fresh schema, as two server instances would hold: both closed, and the schema
 * dropped, after the test.
 */
export function useTwoInstances(): () => Promise<[PostgresDatabase, PostgresDatabase]> {
  const opened: [PostgresDatabase, PostgresDatabase][] = []
  afterEach(async () => {
    for (const [a, b] of opened.splice(0)) {
      await b.close()
      await disposeTestDatabase(a)
    }
  })
  return async () => {
    const a = await openTestDatabase()
    const pair: [PostgresDatabase, PostgresDatabase] = [a, await openSecondPool(a)]
    opened.push(pair)
    return pair
  }
}
