import type { LocalWriter } from '../db/local-writes'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { readDefaultModel, readUserLlmKey, saveDefaultModel, saveUserLlmKey } from '../chat/settings-store'
import type { UserDeviceDatabase } from './user-device-store'

/** Where earlier versions kept the chat settings: the workspace database's `kv` table. */
export const LEGACY_WORKSPACE_KV = {
  userLlmKey: 'api_key:llm',
  defaultModel: 'settings:default_model',
  modelCache: 'local:model_list',
} as const

function liveValue(row: { value: unknown; deleted: boolean } | undefined): string | null {
  return row && !row.deleted && typeof row.value === 'string' && row.value.trim() ? row.value.trim() : null
}

/**
 * Moves the settings earlier versions kept in a workspace database into the user's own
 * (run when the user opens a workspace). The key is moved and removed from the workspace at
 * once, so it can never reach a second account that opens the same workspace on this browser;
 * the default model is only copied when the user has none (its row synced, and removing it would
 * change other devices); the cached model list is dropped (it is fetched again).
 */
export async function migrateWorkspaceSettings(workspace: WorkspaceDatabase, writer: LocalWriter, user: UserDeviceDatabase): Promise<void> {
  // Once per workspace database: a default the user cleared later is not brought back.
  const done = `migrated_from:${workspace.name}`
  if (await user.settings.get(done)) return
  const [key, model, cache] = await Promise.all(
    Object.values(LEGACY_WORKSPACE_KV).map((name) => workspace.kv.get(name)),
  )
  const legacyKey = liveValue(key)
  if (legacyKey) {
    if (!(await readUserLlmKey(user))) await saveUserLlmKey(user, legacyKey)
    // Secret and device-local kv names never sync, so these removals stay on this device.
    await writer.softDelete('kv', LEGACY_WORKSPACE_KV.userLlmKey)
  }
  const legacyModel = liveValue(model)
  if (legacyModel && !(await readDefaultModel(user))) await saveDefaultModel(user, legacyModel)
  if (cache && !cache.deleted) await writer.softDelete('kv', LEGACY_WORKSPACE_KV.modelCache)
  await user.settings.put({ name: done, value: true, updated_at: Date.now() })
}
