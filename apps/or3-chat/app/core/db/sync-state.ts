import type { WorkspaceDatabase } from './workspace-database'

/**
 * The per-database sync bookkeeping in `sync_state`: the pull cursor, this device's id for the
 * workspace, and the last sync error (so a reload still shows why sync stopped).
 */

export async function readCursor(db: WorkspaceDatabase): Promise<number> {
  const row = await db.sync_state.get('cursor')
  return typeof row?.value === 'number' ? row.value : 0
}

/** False on a device that never synced this workspace: it starts from a snapshot. */
export async function hasCursor(db: WorkspaceDatabase): Promise<boolean> {
  return (await db.sync_state.get('cursor')) !== undefined
}

/** Moves the cursor forward only; call it inside the transaction that applied the changes. */
export async function advanceCursor(db: WorkspaceDatabase, version: number): Promise<number> {
  const current = await readCursor(db)
  const next = Math.max(current, version)
  if (next !== current) await db.sync_state.put({ key: 'cursor', value: next })
  return next
}

/** Sets the cursor exactly: after a snapshot the pinned version replaces whatever was there. */
export async function resetCursor(db: WorkspaceDatabase, version: number): Promise<void> {
  await db.sync_state.put({ key: 'cursor', value: version })
}

/**
 * This device's id in the workspace: generated once and kept, so the server's device cursor and
 * the HLC node stay the same across reloads. `preferred` (tests, or an id the app already has)
 * is used only when none is stored yet.
 */
export async function ensureDeviceId(db: WorkspaceDatabase, preferred?: string): Promise<string> {
  return db.transaction('rw', db.sync_state, async () => {
    const stored = await db.sync_state.get('device_id')
    if (typeof stored?.value === 'string') return stored.value
    const deviceId = preferred ?? crypto.randomUUID()
    await db.sync_state.put({ key: 'device_id', value: deviceId })
    return deviceId
  })
}

export interface StoredSyncError {
  message: string
  at: number
}

export async function readLastError(db: WorkspaceDatabase): Promise<StoredSyncError | null> {
  const row = await db.sync_state.get('last_error')
  return (row?.value as StoredSyncError | undefined) ?? null
}

export async function writeLastError(db: WorkspaceDatabase, error: StoredSyncError | null): Promise<void> {
  if (error) await db.sync_state.put({ key: 'last_error', value: error })
  else await db.sync_state.delete('last_error')
}
