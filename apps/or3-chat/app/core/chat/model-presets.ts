import type { LocalWriter } from '../db/local-writes'
import type { PostRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { isDefaultModelSettings, readModelSettings, type ModelSettings } from './model-settings'

/**
 * Saved model settings, to apply to a thread in one click. Each is a synced `posts` row of this
 * type (title: the preset's name, content: its settings as JSON), so presets follow the user to
 * every device of the workspace without a table of their own.
 */
export const MODEL_PRESET_POST_TYPE = 'model-preset'
export const MAX_PRESET_NAME_CHARS = 60

export interface ModelPreset {
  id: string
  name: string
  settings: ModelSettings
}

/** The workspace's presets, by name. A row whose settings cannot be read offers none of them. */
export async function listModelPresets(db: WorkspaceDatabase): Promise<ModelPreset[]> {
  const rows = await db.posts.where('post_type').equals(MODEL_PRESET_POST_TYPE).toArray()
  return rows
    .filter((row) => !row.deleted)
    .map((row) => ({ id: row.id, name: row.title, settings: parseContent(row) }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

function parseContent(row: PostRow): ModelSettings {
  try {
    return readModelSettings(JSON.parse(row.content))
  } catch {
    return {}
  }
}

/**
 * Saves `settings` under `name`; a preset of the same name (any case) is replaced, so saving again
 * updates it rather than adding a twin.
 */
export async function saveModelPreset(
  db: WorkspaceDatabase,
  writer: LocalWriter,
  input: { name: string; settings: ModelSettings },
  ids: { newId: () => string; now: () => number } = { newId: () => crypto.randomUUID(), now: Date.now },
): Promise<ModelPreset> {
  const name = input.name.trim().slice(0, MAX_PRESET_NAME_CHARS)
  if (!name) throw new Error('Give the preset a name')
  if (isDefaultModelSettings(input.settings)) throw new Error('Set at least one value before saving a preset')
  const existing = (await listModelPresets(db)).find((preset) => preset.name.toLowerCase() === name.toLowerCase())
  const content = JSON.stringify(input.settings)
  if (existing) {
    await writer.patch('posts', existing.id, { title: name, content })
    return { id: existing.id, name, settings: input.settings }
  }
  const id = ids.newId()
  await writer.put('posts', { id, title: name, content, post_type: MODEL_PRESET_POST_TYPE, created_at: ids.now() })
  return { id, name, settings: input.settings }
}

export async function deleteModelPreset(writer: LocalWriter, id: string): Promise<void> {
  await writer.softDelete('posts', id)
}
