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
import type { DeploymentSettings } from '../../src/runtime/index'
import { asCoreCallsIt, downloadFromConvex, startModuleDeployment, uploadToConvex, type ModuleDeployment } from '../support/module-deployment'

// The kit's conformance suites for every contract the module registers, through its own adapters:
// the real ConvexHttpClient (and a ConvexClient websocket for watch) against the deployment double
// running the templates. Sync, storage, limits, jobs and notifications run as the OR3 server
// outside a request (the suites name arbitrary workspaces); the workspace store runs each call as
// the user it is about, as core's pipeline does.

const open = new WeakMap<object, ModuleDeployment>()
const cleanup = async (instance: object) => open.get(instance)?.stop()

/** A suite's factory: a fresh deployment per case, with the suite's clock and settings, and the instance it tests. */
function onFreshDeployment<S extends { now?: () => number }, T extends object>(
  make: (deployment: ModuleDeployment, settings: S) => T,
  deploymentSettings: (settings: S) => Partial<DeploymentSettings> = () => ({}),
) {
  return {
    async create(settings: S) {
      const deployment = await startModuleDeployment({ now: settings.now, functionsDir: inject('functionsDir'), settings: deploymentSettings(settings) })
      const instance = make(deployment, settings)
      open.set(instance, deployment)
      return instance
    },
    cleanup,
  }
}

testWorkspaceStore({ name: 'convex module', ...onFreshDeployment((d) => asCoreCallsIt(d.provider.workspaces, d.users)) })

testSyncGateway({
  name: 'convex module',
  ...onFreshDeployment(
    (d) => d.provider.sync,
    ({ retentionMs }) => ({ syncRetentionMs: retentionMs }),
  ),
  requires: ['gcChangeLog', 'gcTombstones', 'watch'],
})

testStorageGateway({
  name: 'convex module',
  ...onFreshDeployment(
    (d) => ({ adapter: d.provider.storage, upload: uploadToConvex, download: downloadFromConvex }),
    ({ limits, uploadGraceMs }) => ({ ...limits, uploadGraceMs }),
  ),
  requires: ['gc'],
})

testRateLimitStore({ name: 'convex module', ...onFreshDeployment((d) => d.provider.limits) })

testBackgroundJobStore({ name: 'convex module', ...onFreshDeployment((d) => d.provider.jobs) })

testNotificationEmitter({ name: 'convex module', ...onFreshDeployment((d) => ({ emitter: d.provider.notifications, sync: d.provider.sync })) })

testAdminAdapter({
  name: 'convex module',
  requires: ['breakBackend'],
  ...onFreshDeployment((d) => ({
    adapter: d.provider.admin,
    secrets: [d.serverKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    breakBackend: () => d.double.stop(),
  })),
})
