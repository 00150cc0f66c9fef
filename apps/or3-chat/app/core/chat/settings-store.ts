import { modelListResponseSchema, type ModelListResponse } from 'or3-provider-kit'
import { z } from 'zod'
import { ENDPOINT_ID_PATTERN } from '#shared/llm/model-ref'
import type { UserDeviceDatabase } from '../settings/user-device-store'

/**
 * The chat settings of the signed-in user on this device, in their own database
 * (user-device-store.ts): never synced, never in a workspace, so switching workspace keeps them
 * and another account on the same browser never reads them.
 */
export const USER_SETTINGS = {
  /** The user's own LLM key: sent only as the x-or3-user-key header, never synced, never logged. */
  userLlmKey: 'llm_api_key',
  /** The endpoint the user's key is for (several endpoints only); unset: the server's default endpoint. */
  userLlmKeyEndpoint: 'llm_api_key_endpoint',
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

const endpointIdSchema = z.string().regex(ENDPOINT_ID_PATTERN)

export const readUserLlmKeyEndpoint = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.userLlmKeyEndpoint, endpointIdSchema)

/** Which endpoint the user's key is for; null: the server's default endpoint. */
export function saveUserLlmKeyEndpoint(db: UserDeviceDatabase, endpointId: string | null): Promise<void> {
  if (endpointId !== null && !endpointIdSchema.safeParse(endpointId).success) throw new Error('That is not a model provider of this server')
  return writeSetting(db, USER_SETTINGS.userLlmKeyEndpoint, endpointId)
}

/** The user's key with the endpoint it is for, as the chat requests send them (headers only). */
export async function readUserLlmCredential(db: UserDeviceDatabase): Promise<UserLlmCredential | null> {
  const key = await readUserLlmKey(db)
  return key ? { key, endpoint: await readUserLlmKeyEndpoint(db) } : null
}

export interface UserLlmCredential {
  key: string
  /** null: the server's default endpoint. */
  endpoint: string | null
}

export const readDefaultModel = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.defaultModel, modelIdSchema)

export function saveDefaultModel(db: UserDeviceDatabase, model: string | null): Promise<void> {
  return writeSetting(db, USER_SETTINGS.defaultModel, model?.trim() || null)
}

export const readModelCache = (db: UserDeviceDatabase) => readSetting(db, USER_SETTINGS.modelCache, modelCacheSchema)

export function saveModelCache(db: UserDeviceDatabase, list: ModelListResponse, fetchedAt: number): Promise<void> {
  return writeSetting(db, USER_SETTINGS.modelCache, { ...list, fetchedAt })
}
