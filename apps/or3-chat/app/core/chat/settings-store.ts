import { modelListResponseSchema, type ModelListResponse } from 'or3-provider-kit'
import { z } from 'zod'
import type { LocalWriter } from '../db/local-writes'
import type { WorkspaceDatabase } from '../db/workspace-database'

/**
 * The chat settings kept in the workspace's `kv` table. The names decide what syncs
 * (capture-policy.ts): `api_key:` is a secret that never leaves this device, `local:` is
 * device-local, anything else syncs to the user's other devices.
 */
export const SETTINGS_KV = {
  /** The user's own LLM key: sent only as the x-or3-user-key header, never synced, never logged. */
  userLlmKey: 'api_key:llm',
  /** The model new chats start with; syncs, so every device agrees. */
  defaultModel: 'settings:default_model',
  /** The last model list the server gave, so the picker works offline. */
  modelCache: 'local:model_list',
} as const

const userKeySchema = z.string().trim().min(1).max(4096)
const modelIdSchema = z.string().trim().min(1).max(200)
const modelCacheSchema = modelListResponseSchema.extend({ fetchedAt: z.number() })
export type ModelCache = z.infer<typeof modelCacheSchema>

async function readKv<T>(db: WorkspaceDatabase, name: string, schema: z.ZodType<T>): Promise<T | null> {
  const row = await db.kv.get(name)
  if (!row || row.deleted) return null
  // Rows can come from another device or an older version: anything malformed counts as unset.
  const parsed = schema.safeParse(row.value)
  return parsed.success ? parsed.data : null
}

async function writeKv(writer: LocalWriter, name: string, value: unknown | null): Promise<void> {
  if (value === null) await writer.softDelete('kv', name)
  else await writer.put('kv', { name, value })
}

export const readUserLlmKey = (db: WorkspaceDatabase) => readKv(db, SETTINGS_KV.userLlmKey, userKeySchema)

/** Saves (or with null/'' removes) the user's own key on this device only. */
export function saveUserLlmKey(writer: LocalWriter, key: string | null): Promise<void> {
  const trimmed = key?.trim() ?? ''
  if (trimmed && !userKeySchema.safeParse(trimmed).success) throw new Error('That API key is too long')
  return writeKv(writer, SETTINGS_KV.userLlmKey, trimmed || null)
}

export const readDefaultModel = (db: WorkspaceDatabase) => readKv(db, SETTINGS_KV.defaultModel, modelIdSchema)

export function saveDefaultModel(writer: LocalWriter, model: string | null): Promise<void> {
  return writeKv(writer, SETTINGS_KV.defaultModel, model?.trim() || null)
}

export const readModelCache = (db: WorkspaceDatabase) => readKv(db, SETTINGS_KV.modelCache, modelCacheSchema)

export function saveModelCache(writer: LocalWriter, list: ModelListResponse, fetchedAt: number): Promise<void> {
  return writeKv(writer, SETTINGS_KV.modelCache, { ...list, fetchedAt })
}
