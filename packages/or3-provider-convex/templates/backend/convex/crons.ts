import { cronJobs } from 'convex/server'
import { internal } from './_generated/api'

const crons = cronJobs()

crons.hourly('purge removed workspaces', { minuteUTC: 7 }, internal.maintenance.purgeRemovedWorkspaces, { continueUntilDone: true })
crons.hourly('purge ended rate-limit windows', { minuteUTC: 17 }, internal.maintenance.purgeRateLimits, { continueUntilDone: true })
crons.hourly('clean up background jobs', { minuteUTC: 27 }, internal.maintenance.cleanupExpiredJobs, { continueUntilDone: true })
crons.hourly('sweep uncommitted uploads', { minuteUTC: 37 }, internal.maintenance.sweepStorage, { continueUntilDone: true })

export default crons
