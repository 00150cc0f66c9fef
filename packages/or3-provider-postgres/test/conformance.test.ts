import { testSyncGateway } from 'or3-provider-kit/testing'
import { createPostgresSyncGateway } from '../src/runtime/index'
import { schemaFactory } from './support/test-database'

testSyncGateway({
  name: 'postgres',
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
  ...schemaFactory((db, { now, retentionMs }: { now: () => number; retentionMs: number }) =>
    createPostgresSyncGateway({ db, now, retentionMs }),
  ),
})
