// The kit's own implementations against every suite: the reference the suites are proven on.
import { createMemoryBackgroundJobStore } from '../src/memory/background-job-store.ts'
import { createMemoryRateLimitStore } from '../src/memory/rate-limit-store.ts'
import {
  createMemoryStorageGateway,
  createMemorySyncGateway,
  createMemoryWorkspaceStore,
  testBackgroundJobStore,
  testRateLimitStore,
  testStorageGateway,
  testSyncGateway,
  testWorkspaceStore,
} from '../src/testing/index.ts'

testWorkspaceStore({ name: 'memory', create: ({ now }) => createMemoryWorkspaceStore({ now }) })

testSyncGateway({
  name: 'memory',
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
  create: ({ now, retentionMs }) => createMemorySyncGateway({ now, retentionMs }),
})

testStorageGateway({
  name: 'memory',
  requires: ['gc'],
  create: ({ now, limits, uploadGraceMs }) => createMemoryStorageGateway({ now, limits, uploadGraceMs }),
})

testRateLimitStore({ name: 'memory', create: ({ now }) => createMemoryRateLimitStore({ now }) })

testBackgroundJobStore({ name: 'memory', create: ({ now }) => createMemoryBackgroundJobStore({ now }) })
