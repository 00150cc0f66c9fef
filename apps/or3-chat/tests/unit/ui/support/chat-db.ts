import 'fake-indexeddb/auto'
import { createHybridLogicalClock } from '../../../../app/core/db/hlc'
import { createLocalWriter } from '../../../../app/core/db/local-writes'
import { openWorkspaceDatabase, type WorkspaceDatabase } from '../../../../app/core/db/workspace-database'

let counter = 0
const opened: WorkspaceDatabase[] = []

/** A fresh fake-indexeddb workspace with a capturing writer on a stepping clock. */
export async function openChatDb(workspaceId: string | null = 'ws-ui') {
  const db = await openWorkspaceDatabase(workspaceId, { name: `ui-test-${process.pid}-${++counter}` })
  opened.push(db)
  let time = 1_000_000
  const now = () => (time += 1_000)
  let ids = 0
  const newId = () => `id-${++ids}`
  const writer = createLocalWriter({ db, deviceId: 'device-ui', hlc: createHybridLogicalClock('device-ui', now), capture: workspaceId !== null, now })
  return { db, writer, now, newId }
}

export async function closeChatDbs(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close()
    await db.delete()
  }
}

export { messageInput, messageRow, threadInput, threadRow } from '../../../support/rows'
