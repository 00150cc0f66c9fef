import 'fake-indexeddb/auto'
import { openWorkspaceDatabase, type WorkspaceDatabase } from '../../../../app/core/db/workspace-database'

let counter = 0
const opened: WorkspaceDatabase[] = []

/** A fresh fake-indexeddb database per call, so tests never share rows. */
export async function openTestDatabase(workspaceId: string | null = 'ws-1'): Promise<WorkspaceDatabase> {
  const db = await openWorkspaceDatabase(workspaceId, { name: `test-${process.pid}-${++counter}` })
  opened.push(db)
  return db
}

export async function closeTestDatabases(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close()
    await db.delete()
  }
}
