// The kit's own implementations against every suite: the reference the suites are proven on.
import { createMemoryBackgroundJobStore } from '../src/memory/background-job-store.ts'
import { createMemoryRateLimitStore } from '../src/memory/rate-limit-store.ts'
import { createSyncNotificationEmitter } from '../src/notifications/sync-notification-emitter.ts'
import {
  createMemoryAdminAdapter,
  createMemoryAuth,
  createMemoryStorageGateway,
  createMemorySyncGateway,
  createMemoryWorkspaceStore,
  testAdminAdapter,
  testAuthProvider,
  testBackgroundJobStore,
  testNotificationEmitter,
  testTokenBroker,
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

testAuthProvider({
  name: 'memory',
  requires: ['signOut'],
  create: ({ now }) => {
    const auth = createMemoryAuth({ now })
    return { provider: auth.provider, signIn: (user) => auth.signIn(user), signOut: (c) => auth.signOut(c) }
  },
})

testTokenBroker({
  name: 'memory',
  requires: ['mints', 'breakUpstream'],
  create: ({ now }) => {
    const auth = createMemoryAuth({ now, mintsFor: { providerId: 'memory-target', template: 'memory' } })
    return {
      broker: auth.broker,
      signIn: (user) => auth.signIn(user),
      mints: { providerId: 'memory-target', template: 'memory', verify: (token) => auth.verifyMinted(token) },
      breakUpstream: async () => auth.breakUpstream(),
    }
  },
})

testNotificationEmitter({
  name: 'sync-backed, over the memory gateway',
  create: ({ now }) => {
    const sync = createMemorySyncGateway({ now })
    return { sync, emitter: createSyncNotificationEmitter({ id: 'memory', gateway: sync, now }) }
  },
})

testAdminAdapter({
  name: 'memory',
  requires: ['breakBackend'],
  create: () => {
    let up = true
    const secret = 'memory-secret-value-0123456789'
    const backend = { check: () => { if (!up) throw new Error('connection refused') } }
    return { adapter: createMemoryAdminAdapter({ secret, backend }), secrets: [secret], breakBackend: async () => { up = false } }
  },
})
