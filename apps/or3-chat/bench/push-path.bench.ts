// The server's push path against its limit, measured side by side in one run: 4 devices pushing
// batches of 100 `messages` ops over HTTP to the built host (embedded sqlite), next to what the
// same batches cost in SQL alone (the adapter's statements, one IMMEDIATE transaction per batch,
// nothing else) and in HTTP alone (a bare node:http server that parses the body and answers).
// The limit is those two in series; the host's rate is reported as a share of it. Also the
// sqlite adapter in-process (validation, fingerprints, SQL), to show where the rest goes.
// Prints; asserts nothing.
//   BENCH_SCALE  shrinks the workload (default 1: 50,000 ops)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'bun:sqlite'
import { createSqliteSyncGateway, openDatabase } from 'or3-provider-sqlite'
import { browserLikeClient } from '../tests/integration/support/browser-like-client'
import { startEmbeddedHost } from '../tests/integration/support/embedded-host'
import { printTable } from './stats'

const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const DEVICES = 4
const BATCH = 100
const BATCHES_PER_DEVICE = Math.max(5, Math.round((50_000 * SCALE) / DEVICES / BATCH))
const TOTAL = DEVICES * BATCHES_PER_DEVICE * BATCH

type Op = ReturnType<typeof makeOp>
function makeOp(run: string, device: number, batch: number, i: number) {
  const opId = `${run}-d${device}-b${batch}-${i}`
  return {
    opId,
    tableName: 'messages' as const,
    operation: 'put' as const,
    pk: opId,
    payload: { id: opId, thread_id: `t${device}`, role: 'user', content: 'benchmark message '.repeat(8), status: 'complete', index: i },
    stamp: { deviceId: `device-${device}`, opId, hlc: `${String(1_700_000_000_000 + batch).padStart(13, '0')}:0000:device-${device}`, clock: 1 },
  }
}
const batchesOf = (run: string) =>
  Array.from({ length: DEVICES }, (_, d) => Array.from({ length: BATCHES_PER_DEVICE }, (_, b) => Array.from({ length: BATCH }, (_, i) => makeOp(run, d, b, i))))

/** Seconds for every device to push its batches, all devices at once. */
async function pushConcurrently(send: (ops: Op[]) => Promise<void>, batches: Op[][][]): Promise<number> {
  const started = performance.now()
  await Promise.all(batches.map(async (device) => {
    for (const ops of device) await send(ops)
  }))
  return (performance.now() - started) / 1000
}

/** The adapter's write statements and nothing else, one IMMEDIATE transaction per batch. */
function referenceSql(db: Database) {
  const readCounter = db.prepare<{ version: number }, [string]>('SELECT version FROM sync_workspace_versions WHERE workspace_id = ?')
  const createCounter = db.prepare('INSERT OR IGNORE INTO sync_workspace_versions (workspace_id, version, gc_horizon) VALUES (?, 0, 0)')
  const writeCounter = db.prepare('UPDATE sync_workspace_versions SET version = ?2 WHERE workspace_id = ?1')
  const readLedger = db.prepare('SELECT fingerprint, applied, server_version FROM sync_op_ledger WHERE workspace_id = ? AND op_id = ?')
  const writeLedger = db.prepare('INSERT INTO sync_op_ledger (workspace_id, op_id, fingerprint, applied, server_version, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  const readWinner = db.prepare('SELECT op_id, hlc, clock, server_version FROM sync_rows WHERE workspace_id = ? AND table_name = ? AND pk = ?')
  const writeRow = db.prepare(`INSERT INTO sync_rows (workspace_id, table_name, pk, payload, deleted, device_id, op_id, hlc, clock, server_version, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, table_name, pk) DO UPDATE SET payload = excluded.payload,
    deleted = excluded.deleted, device_id = excluded.device_id, op_id = excluded.op_id, hlc = excluded.hlc, clock = excluded.clock,
    server_version = excluded.server_version, updated_at = excluded.updated_at`)
  const appendChange = db.prepare(`INSERT INTO sync_changes (workspace_id, server_version, table_name, pk, op, payload, device_id, op_id, hlc, clock, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const apply = db.transaction((workspaceId: string, ops: Op[]) => {
    createCounter.run(workspaceId)
    let version = readCounter.get(workspaceId)!.version
    const at = Date.now()
    for (const op of ops) {
      readLedger.get(workspaceId, op.opId)
      readWinner.get(workspaceId, op.tableName, op.pk)
      version++
      const payload = JSON.stringify(op.payload)
      const { deviceId, opId, hlc, clock } = op.stamp
      writeRow.run(workspaceId, op.tableName, op.pk, payload, 0, deviceId, opId, hlc, clock, version, at)
      appendChange.run(workspaceId, version, op.tableName, op.pk, op.operation, payload, deviceId, opId, hlc, clock, at)
      writeLedger.run(workspaceId, op.opId, op.opId, 1, version, at)
    }
    writeCounter.run(workspaceId, version)
  })
  return (workspaceId: string, ops: Op[]) => apply.immediate(workspaceId, ops)
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader()
  let text = ''
  while (!text.includes('\n')) {
    const { value, done } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  return text.trim()
}

const dir = mkdtempSync(join(tmpdir(), 'or3-bench-push-'))
const server = await startEmbeddedHost({ OR3_LIMITS_ENABLED: 'false' })
const bare = Bun.spawn(['bun', join(import.meta.dir, 'support/bare-push-server.ts')], { stdout: 'pipe', stderr: 'inherit' })
try {
  const bareUrl = `http://127.0.0.1:${await firstLine(bare.stdout)}`
  console.log(`\nPush path bench: ${TOTAL.toLocaleString('en-US')} ops, ${DEVICES} devices, batches of ${BATCH}`)

  // SQL alone, in this process, on a database file set up like the server's.
  const sqlDb = openDatabase(join(dir, 'reference.sqlite'))
  const applySql = referenceSql(sqlDb)
  const sqlStarted = performance.now()
  for (const device of batchesOf('sql')) for (const ops of device) applySql('ws-bench', ops)
  const sqlSeconds = (performance.now() - sqlStarted) / 1000

  // The sqlite adapter in this process: validation, fingerprints, the same SQL.
  const adapterDb = openDatabase(join(dir, 'adapter.sqlite'))
  const gateway = createSqliteSyncGateway({ db: adapterDb })
  const adapterStarted = performance.now()
  for (const device of batchesOf('adapter')) for (const ops of device) await gateway.push({ userId: 'bench' }, { scope: { workspaceId: 'ws-bench' }, ops })
  const adapterSeconds = (performance.now() - adapterStarted) / 1000

  // HTTP alone: the same bodies to the bare server, the devices at once.
  const httpSeconds = await pushConcurrently(async (ops) => {
    const response = await fetch(`${bareUrl}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { workspaceId: 'ws-bench' }, ops }),
    })
    await response.json()
  }, batchesOf('bare'))

  // The host: session, pipeline, validation, the adapter, over HTTP.
  const client = browserLikeClient(server.url)
  await client.post('/api/basic-auth/register', { email: 'push-bench@example.com', password: 'benchmark passphrase' })
  const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string
  const hostSeconds = await pushConcurrently(async (ops) => {
    const response = await client.post('/api/sync/push', { scope: { workspaceId }, ops })
    if (response.status !== 200) throw new Error(`push failed: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`)
  }, batchesOf('host'))

  const rate = (seconds: number) => Math.round(TOTAL / seconds)
  const limitSeconds = sqlSeconds + httpSeconds
  printTable('Push: the host next to its limit (SQL + HTTP in series), one run', [
    { path: 'SQL alone (the adapter\'s statements, in process)', 'ops/s': rate(sqlSeconds), 'share of the limit': '' },
    { path: 'HTTP alone (bare node:http server, 4 devices at once)', 'ops/s': rate(httpSeconds), 'share of the limit': '' },
    { path: 'limit: SQL + HTTP in series', 'ops/s': rate(limitSeconds), 'share of the limit': '100%' },
    { path: 'the sqlite adapter in process (validation, fingerprints, SQL)', 'ops/s': rate(adapterSeconds), 'share of the limit': '' },
    {
      path: 'the host over HTTP, 4 devices at once',
      'ops/s': rate(hostSeconds),
      'share of the limit': `${Math.round((100 * limitSeconds) / hostSeconds)}% (target ≥ 60%)`,
    },
  ])
  sqlDb.close()
  adapterDb.close()
} finally {
  bare.kill()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}
