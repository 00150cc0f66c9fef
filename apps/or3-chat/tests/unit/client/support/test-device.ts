import type { SyncProvider } from 'or3-provider-kit'
import { createHybridLogicalClock } from '../../../../app/core/db/hlc'
import { createLocalWriter } from '../../../../app/core/db/local-writes'
import { createSyncEngine, type SyncEngineOptions } from '../../../../app/core/sync/sync-engine'
import { ManualScheduler } from './manual-scheduler'
import { openTestDatabase } from './test-db'

/** One simulated device: its database, writer and engine on a manual clock. */
export async function createTestDevice(
  provider: SyncProvider,
  { deviceId = 'device-a', workspaceId = 'ws-1', scheduler = new ManualScheduler(), ...engine }: Partial<SyncEngineOptions> & {
    scheduler?: ManualScheduler
  } = {},
) {
  const db = await openTestDatabase(workspaceId)
  const hlc = createHybridLogicalClock(deviceId, scheduler.now)
  const sync = createSyncEngine({ db, workspaceId, deviceId, provider, hlc, scheduler, pushDelayMs: 10, ...engine })
  const writer = createLocalWriter({ db, deviceId, hlc, capture: true, now: scheduler.now, onCaptured: () => sync.notifyLocalWrite() })
  return { db, hlc, sync, writer, scheduler, deviceId }
}

export { threadInput as thread } from '../../../support/rows'
