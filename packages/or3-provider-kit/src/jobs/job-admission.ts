import type { JobAdmission } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'

/** How long a refused start should wait: a reply takes seconds to finish, not minutes. */
const RETRY_AFTER_SECONDS = 5

/**
 * The check every BackgroundJobStore runs inside its create step, with the running counts it read
 * in that same step: RATE_LIMITED, with the sentence a user can act on, when the new job would
 * exceed a cap. Keeps the refusals of every store alike.
 */
export function assertJobAdmitted(running: { user: number; total: number }, admission: JobAdmission = {}): void {
  const { maxRunningPerUser: perUser, maxRunningTotal: total } = admission
  if (perUser !== undefined && running.user >= perUser) {
    throw new ProviderError(
      'RATE_LIMITED',
      `You already have ${running.user} replies generating in the background (at most ${perUser}); wait for one to finish or stop one`,
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    )
  }
  if (total !== undefined && running.total >= total) {
    throw new ProviderError('RATE_LIMITED', 'This server is generating as many background replies as it allows; try again shortly', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    })
  }
}
