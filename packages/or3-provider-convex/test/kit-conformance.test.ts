import { testBackgroundJobStore, testRateLimitStore, testSyncGateway } from 'or3-provider-kit/testing'
import { inject } from 'vitest'
import { createHttpDoubleBackend } from './support/http-backend'
import { createInProcessBackend } from './support/in-process-backend'
import { backgroundJobStoreOver, rateLimitStoreOver, syncGatewayOver } from './support/kit-adapters'
import { configure, type TemplateBackend } from './support/template-backend'

// The kit's conformance suites, held against the deployed functions: first in-process, then
// through the deployment double and the real ConvexHttpClient (and, for `watch`, a ConvexClient
// subscription over the websocket). The suites name arbitrary
// workspaces, so sync runs as the OR3 server (which may act on any scope); the role checks a
// user meets are the template cases' subject.

const backends: [string, (functionsDir: string, clock: { now: () => number } & object) => Promise<TemplateBackend>, boolean][] = [
  ['in-process', (dir, clock) => createInProcessBackend(dir, clock as never), false],
  ['http double', (dir, clock) => createHttpDoubleBackend(dir, clock as never), true],
]

for (const [label, create, servesWebsocket] of backends) {
  const open = new WeakMap<object, TemplateBackend>()
  const start = async (now: () => number, settings: { syncRetentionMs?: number } = {}) => {
    const backend = await create(inject('functionsDir'), { now } as never)
    await configure(backend, settings)
    return backend
  }

  testSyncGateway({
    name: `convex templates (${label})`,
    async create({ now, retentionMs }) {
      const backend = await start(now, { syncRetentionMs: retentionMs })
      const adapter = syncGatewayOver(backend.server, backend.subscribeLatestVersion?.bind(backend))
      open.set(adapter, backend)
      return adapter
    },
    cleanup: (adapter) => open.get(adapter)?.close(),
    requires: servesWebsocket ? ['gcChangeLog', 'gcTombstones', 'watch'] : ['gcChangeLog', 'gcTombstones'],
  })

  testRateLimitStore({
    name: `convex templates (${label})`,
    async create({ now }) {
      const backend = await start(now)
      const store = rateLimitStoreOver(backend.server)
      open.set(store, backend)
      return store
    },
    cleanup: (store) => open.get(store)?.close(),
  })

  testBackgroundJobStore({
    name: `convex templates (${label})`,
    async create({ now }) {
      const backend = await start(now)
      const store = backgroundJobStoreOver(backend.server)
      open.set(store, backend)
      return store
    },
    cleanup: (store) => open.get(store)?.close(),
  })
}
