import type { BackgroundJobStore, NotificationEmitter, ProviderAdminAdapter, RateLimitStore, StorageGatewayAdapter, SyncGatewayAdapter, WorkspaceStore } from 'or3-provider-kit'
import type { SigningKey } from 'or3-provider-kit/server'
import { createConvexAdminAdapter } from './admin-adapter'
import { createConvexBackgroundJobStore } from './background-job-store'
import { createCallerTokens } from './caller-tokens'
import { createDeploymentClient, type DeploymentClient, type RetryPolicy } from './deployment-client'
import { configureDeployment, type DeploymentConfigurer, type DeploymentSettings } from './deployment-settings'
import { createConvexNotificationEmitter } from './notification-emitter'
import { createConvexRateLimitStore } from './rate-limit-store'
import { createServerCredential } from './server-credential'
import type { ConvexSyncMode } from './settings'
import { createConvexStorageGateway } from './storage-gateway'
import { createConvexSyncGateway } from './sync-gateway'
import { createTransport } from './transport'
import { createVersionWatcher } from './version-watcher'
import { createConvexWorkspaceStore } from './workspace-store'

export interface ConvexProviderOptions {
  url: string
  issuer: string
  serverKey: SigningKey
  syncMode?: ConvexSyncMode
  /** Written into the deployment at creation (`admin:configure`); omitted: left as they are. */
  deploymentSettings?: DeploymentSettings
  /** Per attempt. Default 15 s. */
  timeoutMs?: number
  /** HTTP clients kept, one per token. Default 256. */
  maxClients?: number
  retry?: RetryPolicy
  fetch?: typeof fetch
  now?: () => number
  log?: (line: string) => void
}

/** Every contract the package offers, over one deployment client and one change socket. */
export interface ConvexProvider {
  convex: DeploymentClient
  workspaces: WorkspaceStore
  sync: SyncGatewayAdapter
  storage: StorageGatewayAdapter
  limits: RateLimitStore
  jobs: BackgroundJobStore
  notifications: NotificationEmitter
  admin: ProviderAdminAdapter
  configuration: DeploymentConfigurer | null
  close(): Promise<void>
}

export function createConvexProvider(options: ConvexProviderOptions): ConvexProvider {
  const server = createServerCredential({ key: options.serverKey, issuer: options.issuer, now: options.now })
  const transport = createTransport({
    url: options.url,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxClients: options.maxClients ?? 256,
    fetch: options.fetch,
  })
  const convex = createDeploymentClient({
    url: options.url,
    tokens: createCallerTokens({ server, now: options.now, log: options.log }),
    transport,
    retry: options.retry,
    now: options.now,
    log: options.log,
  })
  const watcher = createVersionWatcher({ url: options.url, serverToken: ({ fresh }) => (fresh ? server.fresh() : server.token()), log: options.log })
  const configuration = options.deploymentSettings ? configureDeployment(convex, options.deploymentSettings) : null
  return {
    convex,
    workspaces: createConvexWorkspaceStore(convex),
    sync: createConvexSyncGateway({ convex, watcher, clientMode: options.syncMode === 'direct' ? 'direct' : 'gateway' }),
    storage: createConvexStorageGateway(convex),
    limits: createConvexRateLimitStore(convex),
    jobs: createConvexBackgroundJobStore(convex),
    notifications: createConvexNotificationEmitter(convex),
    admin: createConvexAdminAdapter({ convex, syncMode: options.syncMode ?? 'gateway' }),
    configuration,
    async close() {
      configuration?.stop()
      transport.clear()
      await watcher.close()
    },
  }
}
