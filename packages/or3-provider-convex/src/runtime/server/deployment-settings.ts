import type { Or3CloudConfig } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

const DAY_MS = 24 * 60 * 60 * 1000
/** Core keeps ended jobs a day and fails running ones a minute past their timeout. */
const JOB_RETENTION_MS = DAY_MS
const ORPHAN_GRACE_MS = 60_000
const RETRY_EVERY_MS = 60_000

/** What the deployment's maintenance and checks use, as `admin:configure` takes it. */
export interface DeploymentSettings {
  syncRetentionMs: number
  workspaceRetentionMs: number
  uploadGraceMs: number
  maxFileBytes: number
  allowedMimeTypes: string[]
  jobRetentionMs: number
  jobTimeoutMs: number
}

/** The host's config is the one source: retention, upload limits and job timeouts come from it. */
export function deploymentSettingsFrom(config: Or3CloudConfig): DeploymentSettings {
  return {
    syncRetentionMs: config.sync.retentionMs,
    workspaceRetentionMs: config.sync.retentionMs,
    uploadGraceMs: DAY_MS,
    maxFileBytes: config.storage.maxFileBytes,
    allowedMimeTypes: config.storage.allowedMimeTypes,
    jobRetentionMs: JOB_RETENTION_MS,
    jobTimeoutMs: config.backgroundStreaming.jobTimeoutMs + ORPHAN_GRACE_MS,
  }
}

export interface DeploymentConfigurer {
  /** Settles once the deployment holds the settings; a failure is retried a minute later. */
  configured(): Promise<boolean>
  stop(): void
}

/**
 * Writes the host's settings into the deployment (server identity) at boot, so its limits and
 * retention follow OR3's config. An unreachable deployment does not stop the server: the failure
 * is logged by the client, shown on the admin page, and tried again every minute until it works.
 */
export function configureDeployment(convex: DeploymentClient, settings: DeploymentSettings): DeploymentConfigurer {
  let timer: ReturnType<typeof setTimeout> | null = null
  let attempt: Promise<boolean> | null = null
  let done = false

  function run(): Promise<boolean> {
    attempt = convex.mutation(CONVEX_FUNCTIONS.admin.configure, { ...settings }, { as: 'server', idempotent: true }).then(
      () => (done = true),
      () => {
        timer = setTimeout(run, RETRY_EVERY_MS)
        timer.unref?.()
        return false
      },
    )
    return attempt
  }
  run()
  return {
    configured: () => (done ? Promise.resolve(true) : (attempt ?? run())),
    stop() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
