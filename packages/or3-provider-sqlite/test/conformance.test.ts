import {
  testAdminAdapter,
  testBackgroundJobStore,
  testNotificationEmitter,
  testRateLimitStore,
  testSyncGateway,
  testWorkspaceStore,
} from 'or3-provider-kit/testing'
import {
  createSqliteAdminAdapter,
  createSqliteBackgroundJobStore,
  createSqliteNotificationEmitter,
  createSqliteRateLimitStore,
  createSqliteSyncGateway,
  createSqliteWorkspaceStore,
  openDatabase,
} from '../src/runtime/index'
import { tempFileFactory } from './support/temp-database'

const memory = () => openDatabase(':memory:')

testSyncGateway({
  name: 'sqlite (file)',
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
  ...tempFileFactory((db, { now, retentionMs }: { now: () => number; retentionMs: number }) =>
    createSqliteSyncGateway({ db, now, retentionMs }),
  ),
})

testSyncGateway({
  name: 'sqlite (:memory:)',
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
  create: ({ now, retentionMs }) => createSqliteSyncGateway({ db: memory(), now, retentionMs }),
})

testWorkspaceStore({
  name: 'sqlite (file)',
  ...tempFileFactory((db, { now }: { now: () => number }) => createSqliteWorkspaceStore({ db, now })),
})

testRateLimitStore({
  name: 'sqlite (:memory:)',
  create: ({ now }) => createSqliteRateLimitStore({ db: memory(), now }),
})

testBackgroundJobStore({
  name: 'sqlite (:memory:)',
  create: ({ now }) => createSqliteBackgroundJobStore({ db: memory(), now }),
})

testNotificationEmitter({
  name: 'sqlite (:memory:)',
  create: ({ now }) => {
    const db = memory()
    const sync = createSqliteSyncGateway({ db, now })
    return { sync, emitter: createSqliteNotificationEmitter({ db, now, gateway: sync }) }
  },
})

testAdminAdapter({
  name: 'sqlite (file)',
  requires: ['breakBackend'],
  ...tempFileFactory((db) => ({ adapter: createSqliteAdminAdapter({ db }), secrets: [], breakBackend: async () => db.close() })),
})
