// A second server instance, as its own process: `bun instance-worker.ts <task> <db path> <start at ms> <label>`.
// Prints its results as JSON. Two of these on one file emulate two servers sharing the database.
import type { PendingOp } from 'or3-provider-kit'
import { createSqliteSyncGateway, createSqliteWorkspaceStore, openDatabase } from '../../src/runtime/index'
import { formatHlc } from 'or3-provider-kit'

export const PUSH_BATCHES = 250
export const OPS_PER_BATCH = 4
export const USERS = 300
export const SHARED_WORKSPACE_ID = 'shared'

const [task, path, startAt, label] = process.argv.slice(2) as [string, string, string, string]

async function pushBatches(db: ReturnType<typeof openDatabase>): Promise<number[][]> {
  const sync = createSqliteSyncGateway({ db })
  const versions: number[][] = []
  for (let batch = 0; batch < PUSH_BATCHES; batch++) {
    const ops: PendingOp[] = Array.from({ length: OPS_PER_BATCH }, (_, i) => {
      const opId = `${label}-${batch}-${i}`
      return {
        opId,
        tableName: 'messages',
        operation: 'put',
        pk: opId,
        payload: { id: opId, content: `from ${label}` },
        stamp: { deviceId: label, opId, hlc: formatHlc({ ms: batch, counter: 0, node: label }), clock: 1 },
      }
    })
    const response = await sync.push({ userId: label }, { scope: { workspaceId: SHARED_WORKSPACE_ID }, ops })
    versions.push(response.results.map((r) => r.serverVersion))
  }
  return versions
}

async function provisionUsers(db: ReturnType<typeof openDatabase>) {
  const store = createSqliteWorkspaceStore({ db })
  const answers = []
  for (let i = 0; i < USERS; i++) {
    const { user, created } = await store.getOrCreateUser({ provider: 'test', providerUserId: `user-${i}` })
    const personal = await store.ensurePersonalWorkspace(user.id)
    answers.push({ userId: user.id, created, personalWorkspaceId: personal.id })
  }
  return answers
}

if (import.meta.main) {
  const db = openDatabase(path)
  // Both processes begin together, so their write transactions contend for the file's lock.
  while (Date.now() < Number(startAt)) await Bun.sleep(2)
  const startedAt = Date.now()
  const result = task === 'push' ? await pushBatches(db) : await provisionUsers(db)
  const endedAt = Date.now()
  db.close()
  process.stdout.write(JSON.stringify({ result, startedAt, endedAt }))
}
