import type { H3Event } from 'h3'
import { ProviderError, type ChatBackgroundStarted, type ChatStreamRequest, type Or3CloudConfig } from 'or3-provider-kit'
import { requirePermission } from '../auth/can'
import { enforceChatLimits } from '../llm/enforce-chat-limits'
import type { LlmCaller } from '../llm/llm-caller'
import { upstreamTimeouts, type UpstreamTarget } from '../llm/upstream-client'
import type { ActiveProviders } from '../providers/active-providers'
import { createJobWithinCap } from './create-job-within-cap'
import { startBackgroundJob } from './run-background-job'

export interface StartChatJobInput {
  event: H3Event
  request: ChatStreamRequest & { background: NonNullable<ChatStreamRequest['background']> }
  caller: LlmCaller
  target: UpstreamTarget
  config: Or3CloudConfig
  providers: ActiveProviders
}

/**
 * Background generation: checks the workspace the finished-job notification goes to, the
 * per-user job cap and the chat limits, creates the job and starts it detached. Answers at once;
 * the client reads `/api/jobs/:id/stream` and writes the message itself when the job completes.
 */
export async function startChatJob(input: StartChatJobInput): Promise<ChatBackgroundStarted> {
  const { event, request, caller, config, providers } = input
  if (!config.backgroundStreaming.enabled) {
    throw new ProviderError(
      'NOT_FOUND',
      'Background generation is off on this server (the session answer says so in surfaces.backgroundGeneration): send the request without `background`',
    )
  }
  // Only a member who may write there can have a notification land in a workspace.
  const workspaceId = caller.session && providers.workspaces ? (request.workspaceId ?? null) : null
  if (workspaceId && caller.session && providers.workspaces) {
    await requirePermission(event, caller.session, 'workspace.write', workspaceId, providers.workspaces)
  }

  const job = await createJobWithinCap(
    providers.jobs,
    {
      userId: caller.ownerId,
      workspaceId,
      threadId: request.background.threadId,
      messageId: request.background.messageId,
    },
    config.backgroundStreaming.maxConcurrentJobs,
    () => enforceChatLimits(providers.limits, config, caller.limitKey),
  )
  startBackgroundJob({
    jobs: providers.jobs,
    job,
    target: input.target,
    request,
    timeoutMs: config.backgroundStreaming.jobTimeoutMs,
    upstreamTimeouts: upstreamTimeouts(config),
    notifications: providers.notifications,
  })
  return { jobId: job.id, status: 'running' }
}
