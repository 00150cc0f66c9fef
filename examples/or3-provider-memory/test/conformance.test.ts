import { createSyncNotificationEmitter } from 'or3-provider-kit/server'
import { testNotificationEmitter, testSyncGateway } from 'or3-provider-kit/testing'
import { createMemorySyncGateway } from '../src/runtime/index'

// The kit's suites for what this provider offers. It has no GC and keeps no clock, so the GC
// cases skip (optional methods it does not declare) and nothing needs the suite's `now`.
testSyncGateway({ name: 'memory example', requires: ['watch'], create: () => createMemorySyncGateway() })

testNotificationEmitter({
  name: 'memory example',
  create: ({ now }) => {
    const sync = createMemorySyncGateway()
    return { sync, emitter: createSyncNotificationEmitter({ id: 'memory', gateway: sync, now }) }
  },
})
