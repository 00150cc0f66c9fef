import {
  testAdminAdapter,
  testBackgroundJobStore,
  testNotificationEmitter,
  testRateLimitStore,
  testSyncGateway,
  testWorkspaceStore,
} from 'or3-provider-kit/testing'
import {
  createPostgresAdminAdapter,
  createPostgresBackgroundJobStore,
  createPostgresNotificationEmitter,
  createPostgresRateLimitStore,
  createPostgresSyncGateway,
  createPostgresWorkspaceStore,
} from '../src/runtime/index'
import { schemaFactory } from './support/test-database'

testSyncGateway({
  name: 'postgres',
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
  ...schemaFactory((db, { now, retentionMs }: { now: () => number; retentionMs: number }) =>
    createPostgresSyncGateway({ db, now, retentionMs }),
  ),
})

testWorkspaceStore({
  name: 'postgres',
  ...schemaFactory((db, { now }: { now: () => number }) => createPostgresWorkspaceStore({ db, now })),
})

testRateLimitStore({
  name: 'postgres',
  ...schemaFactory((db, { now }: { now: () => number }) => createPostgresRateLimitStore({ db, now })),
})

testBackgroundJobStore({
  name: 'postgres',
  ...schemaFactory((db, { now }: { now: () => number }) => createPostgresBackgroundJobStore({ db, now })),
})

testNotificationEmitter({
  name: 'postgres',
  ...schemaFactory((db, { now }: { now: () => number }) => {
    const sync = createPostgresSyncGateway({ db, now })
    return { sync, emitter: createPostgresNotificationEmitter({ now, gateway: sync }) }
  }),
})

// The test cluster trusts its socket, so the password is never asked for; it must not show all the same.
const PASSWORD = 'conformance-password-not-for-display'
testAdminAdapter({
  name: 'postgres',
  requires: ['breakBackend'],
  ...schemaFactory(
    (db) => ({ adapter: createPostgresAdminAdapter({ db }), secrets: [PASSWORD], breakBackend: () => db.close() }),
    { password: PASSWORD },
  ),
})
