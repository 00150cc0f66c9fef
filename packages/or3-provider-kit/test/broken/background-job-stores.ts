// Background job stores with ONE deliberate defect each, wrapping the kit's memory store.
import type { BackgroundJobStore } from '../../src/contracts/server.ts'
import { createMemoryBackgroundJobStore } from '../../src/memory/background-job-store.ts'
import type { BackgroundJobStoreFactory } from '../../src/testing/index.ts'

type Defect = (inner: BackgroundJobStore) => BackgroundJobStore

const brokenFactory = (defect: Defect): BackgroundJobStoreFactory => ({
  create: ({ now }) => defect(createMemoryBackgroundJobStore({ now })),
})

/** Keeps the abort flag beside the job, and append never checks it: an aborted job keeps growing. */
export const appendsAfterAbort = brokenFactory((inner) => {
  const aborted = new Set<string>()
  return {
    ...inner,
    async abort(jobId) {
      const read = await inner.read(jobId, 0)
      if (!read || read.job.status !== 'running' || aborted.has(jobId)) return false
      aborted.add(jobId)
      return true
    },
    async read(jobId, offset) {
      const read = await inner.read(jobId, offset)
      return read && aborted.has(jobId) ? { ...read, job: { ...read.job, status: 'aborted' } } : read
    },
  }
})

/** Counts offsets in UTF-8 bytes (as a byte-oriented blob column would), not UTF-16 code units. */
export const byteOffsets = brokenFactory((inner) => ({
  ...inner,
  async read(jobId, offset) {
    const read = await inner.read(jobId, 0)
    if (!read) return null
    const bytes = new TextEncoder().encode(read.content)
    return { ...read, content: new TextDecoder().decode(bytes.slice(offset)), offset: bytes.length }
  },
}))

/** Cleans up ended jobs but never times out running ones. */
export const cleanupIgnoresTimeout = brokenFactory((inner) => ({
  ...inner,
  cleanupExpired: ({ olderThanMs }) => inner.cleanupExpired({ olderThanMs }),
}))

/** Ignores the offset: a resuming client gets the whole output again. */
export const readIgnoresOffset = brokenFactory((inner) => ({
  ...inner,
  read: (jobId) => inner.read(jobId, 0),
}))

/** Counts every job it ever created, ended ones included, so the admission cap fills up for good. */
export const countsEndedJobs = brokenFactory((inner) => {
  const owners: string[] = []
  return {
    ...inner,
    async create(input) {
      owners.push(input.userId)
      return inner.create(input)
    },
    async countRunning(userId) {
      return userId === undefined ? owners.length : owners.filter((owner) => owner === userId).length
    },
  }
})

/** Counts, waits, then inserts: concurrent starts all see room under the cap. */
export const racyAdmission = brokenFactory((inner) => ({
  ...inner,
  async create(input, admission) {
    const running = await inner.countRunning(input.userId)
    await new Promise((resolve) => setTimeout(resolve, 1))
    if (admission?.maxRunningPerUser !== undefined && running >= admission.maxRunningPerUser) {
      return inner.create(input, { maxRunningPerUser: 0 })
    }
    return inner.create(input)
  },
}))

/** Completes without keeping the usage it is given (an old schema with no column for it). */
export const dropsUsage = brokenFactory((inner) => ({
  ...inner,
  complete: (jobId) => inner.complete(jobId),
}))
