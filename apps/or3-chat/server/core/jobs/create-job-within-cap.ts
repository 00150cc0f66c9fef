import { ProviderError, type BackgroundJobStore, type CreateJobInput, type JobRecord } from 'or3-provider-kit'

// Per-owner queue: two simultaneous starts of one user are counted one after the other, so they
// cannot both slip under the cap in this process.
const queues = new Map<string, Promise<unknown>>()

/**
 * Creates a job unless the owner already runs `maxConcurrent` (429). `beforeCreate` runs inside
 * the same turn, after the cap check, so a refused start spends nothing (e.g. no daily message).
 */
export function createJobWithinCap(
  jobs: BackgroundJobStore,
  input: CreateJobInput,
  maxConcurrent: number,
  beforeCreate: () => Promise<void> = async () => {},
): Promise<JobRecord> {
  const previous = queues.get(input.userId) ?? Promise.resolve()
  const turn = previous.catch(() => {}).then(async () => {
    const running = await jobs.countRunning(input.userId)
    if (running >= maxConcurrent) {
      throw new ProviderError(
        'RATE_LIMITED',
        `You already have ${running} replies generating in the background (at most ${maxConcurrent}); wait for one to finish or stop one`,
        { retryAfterSeconds: 5 },
      )
    }
    await beforeCreate()
    return jobs.create(input)
  })
  queues.set(input.userId, turn)
  void turn
    .catch(() => {})
    .then(() => {
      if (queues.get(input.userId) === turn) queues.delete(input.userId)
    })
  return turn
}
