import Dexie, { type DexieOptions, type EntityTable } from 'dexie'

/** One setting of this user on this device. Nothing here syncs. */
export interface UserSettingRow {
  name: string
  value: unknown
  updated_at: number
}

/** Local-only mode has no accounts: its settings belong to the device. */
export const LOCAL_USER_DATABASE_NAME = 'or3-device-local'

/**
 * The settings database of one signed-in user on this device (`or3-user-<userId>`): the user's
 * own LLM key, their default model and the model list the server gives them. Keyed by the user
 * id, so another account signing in on the same browser opens its own and never this one.
 */
export function userDatabaseName(userId: string | null): string {
  return userId === null ? LOCAL_USER_DATABASE_NAME : `or3-user-${userId}`
}

export class UserDeviceDatabase extends Dexie {
  settings!: EntityTable<UserSettingRow, 'name'>
  /** null in local-only mode. */
  readonly userId: string | null

  constructor(userId: string | null, options?: DexieOptions & { name?: string }) {
    super(options?.name ?? userDatabaseName(userId), options)
    this.userId = userId
    this.version(1).stores({ settings: 'name' })
  }
}

export async function openUserDeviceDatabase(userId: string | null, options?: DexieOptions & { name?: string }): Promise<UserDeviceDatabase> {
  const db = new UserDeviceDatabase(userId, options)
  await db.open()
  return db
}
