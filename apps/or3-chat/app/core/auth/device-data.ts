import Dexie from 'dexie'
import { databaseNameFor, WorkspaceDatabase } from '../db/workspace-database'
import { userDatabaseName } from '../settings/user-device-store'

/** What this device holds of one account, and what of it the server does not have yet. */
export interface DeviceDataSummary {
  /** The account's databases that exist in this browser: its workspaces' and its settings'. */
  databases: string[]
  /** How many workspaces of the account have a database here. */
  workspaces: number
  /** Local changes not yet pushed (they exist nowhere else). */
  unsyncedChanges: number
  /** Attachments added here that have not finished uploading. */
  pendingUploads: number
}

/**
 * Finds this account's data in the browser: the database of each of its workspaces (their
 * threads, queued sync ops, queued transfers and cached file bytes all live inside) and its
 * settings database (its own LLM key). Counts what only this device has.
 */
export async function summarizeDeviceData(account: { userId: string; workspaceIds: readonly string[] }): Promise<DeviceDataSummary> {
  const existing = new Set(await Dexie.getDatabaseNames())
  const workspaceNames = account.workspaceIds.map(databaseNameFor).filter((name) => existing.has(name))
  let unsyncedChanges = 0
  let pendingUploads = 0
  for (const name of workspaceNames) {
    const db = new WorkspaceDatabase(null, { name })
    try {
      await db.open()
      unsyncedChanges += await db.pending_ops.count()
      pendingUploads += await db.transfers.filter((t) => t.direction === 'upload' && t.status !== 'done').count()
    } finally {
      db.close()
    }
  }
  const settings = userDatabaseName(account.userId)
  return {
    databases: existing.has(settings) ? [...workspaceNames, settings] : workspaceNames,
    workspaces: workspaceNames.length,
    unsyncedChanges,
    pendingUploads,
  }
}

/** Deletes the databases (connections in other tabs are closed by Dexie on the version change). */
export async function removeDeviceData(databases: readonly string[]): Promise<void> {
  for (const name of databases) await Dexie.delete(name)
}
