import { modelListResponseSchema, type ModelListResponse } from 'or3-provider-kit'
import { z } from 'zod'
import type { UserDeviceDatabase } from '../settings/user-device-store'

/**
 * The chat settings of the signed-in user on this device, in their own database
 * (user-device-store.ts): never synced, never in a workspace, so switching workspace keeps them
 * and another account on the same browser never reads them.
 */
export const USER_SETTINGS = {
  /** The user's own LLM key: sent only as the x-or3-user-key header, never synced, never logged. */
  userLlmKey: 'llm_api_key',
  /** The model new chats start with: the last one picked in the composer or in Settings. */
  defaultModel: 'default_model',
  /** The last model list the server gave this user, so the picker works offline. */
  modelCache: 'model_list',
} as const

const userKeySchema = z.string().trim().min(1).max(4096)
const modelIdSchema = z.string().trim().min(1).max(200)
const modelCacheSchema = modelListResponseSchema.extend({ fetchedAt: z.number() })
export type ModelCache = z.infer<typeof modelCacheSchema>

async function readSetting<T>(db: UserDeviceDatabase, name: string, schema: z.ZodType<T>): Promise<T | null> {
  const row = await db.settings.get(name)
  if (!row) return null
  // Rows can come from an older version: anything malformed counts as unset.
  const parsed = schema.safeParse(row.value)
  return parsed.success ? parsed.data : null
}

async function writeSetting(db: UserDeviceDatabase, name: string, value: unknown | null): Promise<void> {
  if (value === null) await db.settings.delete(name)
  else await db.settings.put({ name, value, updated_at: Date.now() })
}

export const readUserLlmKey = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.userLlmKey, userKeySchema)

/** Saves (or with null/'' removes) the user's own key on this device only. */
export function saveUserLlmKey(db: UserDeviceDatabase, key: string | null): Promise<void> {
  const trimmed = key?.trim() ?? ''
  if (trimmed && !userKeySchema.safeParse(trimmed).success) throw new Error('That API key is too long')
  return writeSetting(db, USER_SETTINGS.userLlmKey, trimmed || null)
}

export const readDefaultModel = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.defaultModel, modelIdSchema)

export function saveDefaultModel(db: UserDeviceDatabase, model: string | null): Promise<void> {
  return writeSetting(db, USER_SETTINGS.defaultModel, model?.trim() || null)
}

export const readModelCache = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.modelCache, modelCacheSchema)

export function saveModelCache(db: UserDeviceDatabase, list: ModelListResponse, fetchedAt: number): Promise<void> {
  return writeSetting(db, USER_SETTINGS.modelCache, { ...list, fetchedAt })
}
