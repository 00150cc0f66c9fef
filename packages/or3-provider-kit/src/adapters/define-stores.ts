import type { BackgroundJobStore, NotificationEmitter, RateLimitStore } from '../contracts/server.ts'
import {
  createJobInputSchema,
  jobCleanupOptionsSchema,
  jobFailureMessageSchema,
  jobReadOffsetSchema,
  notificationInputSchema,
  rateLimitKeySchema,
  rateLimitWindowSchema,
  storeIdSchema,
} from '../schemas/store-inputs.ts'
import { jobUsageSchema } from '../schemas/jobs.ts'
import { z } from 'zod'
import { wrapMethods, type AdapterOptions, type ArgumentSchemas, type Implementation } from './define-adapter.ts'

// The small stores: the factory checks arguments once and maps backend failures; the provider
// writes only what its backend does.

type ImplementationOf<C extends { id: string }> = AdapterOptions & { [K in keyof Omit<C, 'id'>]: Implementation<C[K]> }

export type RateLimitStoreImplementation = ImplementationOf<RateLimitStore>
export type BackgroundJobStoreImplementation = ImplementationOf<BackgroundJobStore>
export type NotificationEmitterImplementation = ImplementationOf<NotificationEmitter>

function define<C extends { id: string }>(schemas: { [K in keyof Omit<C, 'id'>]: ArgumentSchemas }) {
  return (implementation: ImplementationOf<C>): C => ({ id: implementation.id, ...wrapMethods(implementation, schemas) }) as unknown as C
}

const jobId = ['jobId', storeIdSchema] as const
const cap = z.number().int().nonnegative().optional()
const jobAdmissionSchema = z.object({ maxRunningPerUser: cap, maxRunningTotal: cap }).optional()

/** A RateLimitStore: keys and windows checked (a negative limit or a zero window never reaches you). */
export const defineRateLimitStore = define<RateLimitStore>({
  consume: [['key', rateLimitKeySchema], ['window', rateLimitWindowSchema]],
})

/** A BackgroundJobStore: inputs checked, offsets whole and non-negative, failure messages cut to 2,000 characters. */
export const defineBackgroundJobStore = define<BackgroundJobStore>({
  create: [['job', createJobInputSchema], ['admission', jobAdmissionSchema]],
  append: [jobId, ['chunk', z.string()]],
  complete: [jobId, ['usage', jobUsageSchema.nullable().optional()]],
  fail: [jobId, ['message', jobFailureMessageSchema]],
  abort: [jobId],
  read: [jobId, ['offset', jobReadOffsetSchema]],
  countRunning: [['userId', storeIdSchema.optional()]],
  cleanupExpired: [['cleanup', jobCleanupOptionsSchema]],
})

/** A NotificationEmitter: the notification checked before it is written. */
export const defineNotificationEmitter = define<NotificationEmitter>({
  emit: [['notification', notificationInputSchema]],
})
