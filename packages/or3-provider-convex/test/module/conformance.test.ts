import {
  testAdminAdapter,
  testBackgroundJobStore,
  testNotificationEmitter,
  testRateLimitStore,
  testStorageGateway,
  testSyncGateway,
  testWorkspaceStore,
} from 'or3-provider-kit/testing'
import { inject } from 'vitest'
import { asCoreCallsIt, downloadFromConvex, startModuleDeployment, uploadToConvex, type ModuleDeployment } from '../support/module-deployment.ts'

// The kit's conformance suites for every contract the module registers, through its own adapters:
// the real ConvexHttpClient (and a ConvexClient websocket for watch) against the deployment double
// running the templates. Sync, storage, limits, jobs and notifications run as the OR3 server
// outside a request (the suites name arbitrary workspaces); the workspace store runs each call as
// the user it is about, as core's pipeline does.

const open = new WeakMap<object, ModuleDeployment>()
const functionsDir = () => inject('functionsDir')
const cleanup = async (instance: object) => open.get(instance)?.stop()

testWorkspaceStore({
  name: 'convex module',
  async create({ now }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir() })
    const store = asCoreCallsIt(deployment.provider.workspaces, deployment.users)
    open.set(store, deployment)
    return store
  },
  cleanup,
})

testSyncGateway({
  name: 'convex module',
  async create({ now, retentionMs }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir(), settings: { syncRetentionMs: retentionMs } })
    open.set(deployment.provider.sync, deployment)
    return deployment.provider.sync
  },
  cleanup,
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
})

testStorageGateway({
  name: 'convex module',
  async create({ now, limits, uploadGraceMs }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir(), settings: { ...limits, uploadGraceMs } })
    const harness = { adapter: deployment.provider.storage, upload: uploadToConvex, download: downloadFromConvex }
    open.set(harness, deployment)
    return harness
  },
  cleanup,
  requires: ['gc'],
})

testRateLimitStore({
  name: 'convex module',
  async create({ now }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir() })
    open.set(deployment.provider.limits, deployment)
    return deployment.provider.limits
  },
  cleanup,
})

testBackgroundJobStore({
  name: 'convex module',
  async create({ now }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir() })
    open.set(deployment.provider.jobs, deployment)
    return deployment.provider.jobs
  },
  cleanup,
})

testNotificationEmitter({
  name: 'convex module',
  async create({ now }) {
    const deployment = await startModuleDeployment({ now, functionsDir: functionsDir() })
    const harness = { emitter: deployment.provider.notifications, sync: deployment.provider.sync }
    open.set(harness, deployment)
    return harness
  },
  cleanup,
})

testAdminAdapter({
  name: 'convex module',
  requires: ['breakBackend'],
  async create() {
    const deployment = await startModuleDeployment({ functionsDir: functionsDir() })
    const pem = deployment.serverKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const harness = {
      adapter: deployment.provider.admin,
      secrets: [pem, deployment.provider.convex.url.length > 0 ? await deployment.users.serverToken() : ''],
      breakBackend: () => deployment.double.stop(),
    }
    open.set(harness, deployment)
    return harness
  },
  cleanup,
})
