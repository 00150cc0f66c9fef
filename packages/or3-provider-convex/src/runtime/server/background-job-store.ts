import type { BackgroundJobStore } from 'or3-provider-kit'
import { defineBackgroundJobStore } from 'or3-provider-kit/server'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

const { jobs } = CONVEX_FUNCTIONS
const asServer = { as: 'server' } as const

/** Calls a batched cleanup until it has nothing more to do. */
async function cleanupAll(run: () => Promise<{ count: number; hasMore: boolean }>): Promise<number> {
  let count = 0
  for (let batch = 0; batch < 1000; batch++) {
    const result = await run()
    count += result.count
    if (!result.hasMore) break
  }
  return count
}

/**
 * Background generation output in the deployment, the server's own work (the job runner, the
 * cleanup): any OR3 instance can stream any job. Admission under the caps is one mutation, so
 * two instances starting jobs at once never both slip under a cap. A transport failure retries
 * a mutation only when it cannot have run (an append repeated would repeat output). Arguments are
 * checked here, before a round trip, as every store's are.
 */
export function createConvexBackgroundJobStore(convex: DeploymentClient): BackgroundJobStore {
  return defineBackgroundJobStore({
    id: 'convex',
    create: (input, admission = {}) => convex.mutation(jobs.create, { ...input, ...admission }, asServer),
    append: (jobId, chunk) => convex.mutation(jobs.append, { jobId, chunk }, asServer),
    complete: (jobId, usage) => convex.mutation(jobs.complete, { jobId, ...(usage ? { usage } : {}) }, asServer),
    fail: (jobId, message) => convex.mutation(jobs.fail, { jobId, message }, asServer),
    abort: (jobId) => convex.mutation(jobs.abort, { jobId }, asServer),
    read: (jobId, offset) => convex.query(jobs.read, { jobId, offset }, asServer),
    countRunning: (userId) => convex.query(jobs.countRunning, userId === undefined ? {} : { userId }, asServer),
    cleanupExpired: ({ olderThanMs, timeoutMs }) =>
      cleanupAll(() =>
        convex.mutation(jobs.cleanupExpired, { olderThanMs, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, { ...asServer, idempotent: true }),
      ),
  })
}
