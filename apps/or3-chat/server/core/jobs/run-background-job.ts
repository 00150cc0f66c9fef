import {
  isProviderError,
  type BackgroundJobStore,
  type ChatStreamRequest,
  type JobRecord,
  type NotificationEmitter,
} from 'or3-provider-kit'
import type { TokenUsage } from '#shared/chat-stream/token-usage'
import { ChatStreamError, NotAChatStreamError, readOpenAiDeltas } from '#shared/chat-stream/read-openai-deltas'
import { UpstreamStalledError } from '../llm/cut-when-idle'
import { allInstanceLlmKeys } from '../llm/instance-llm-key'
import { redactSecrets } from '../llm/redact-secrets'
import { openUpstreamChatStream, upstreamHost, type UpstreamTarget, type UpstreamTimeouts } from '../llm/upstream-client'
import { recordUpstreamFault } from '../llm/upstream-faults'
import { signalJobChanged } from './job-change-signal'
import { trackLocalRun } from './local-job-runs'
import { notifyJobEnded } from './notify-job-ended'
import { createOutputCoalescer } from './output-coalescer'

export interface BackgroundJobRun {
  jobs: BackgroundJobStore
  job: JobRecord
  target: UpstreamTarget
  request: ChatStreamRequest
  /** The whole job's limit. */
  timeoutMs: number
  /** Headers and idle limits of the upstream call. */
  upstreamTimeouts: UpstreamTimeouts
  notifications: NotificationEmitter | null
}

type Outcome = { status: 'completed'; usage: TokenUsage | null } | { status: 'failed'; message: string }

/**
 * Runs the generation in this server process, detached from the HTTP request that started it
 * (closing the tab loses nothing). Never rejects: every failure ends the job as failed.
 */
export function startBackgroundJob(run: BackgroundJobRun): void {
  runBackgroundJob(run).catch((error) => {
    console.error(`[or3] background job ${run.job.id} crashed: ${describe(error)}`)
  })
}

async function runBackgroundJob(run: BackgroundJobRun): Promise<void> {
  const { jobs, job } = run
  const abort = new AbortController()
  const untrack = trackLocalRun(job.id, abort)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    abort.abort()
  }, run.timeoutMs)
  const output = createOutputCoalescer({
    async write(text) {
      await jobs.append(job.id, text)
      signalJobChanged(job.id)
    },
    // Usually CONFLICT: the job was aborted (maybe from another instance) or timed out by cleanup.
    onError: (error) => {
      if (!isProviderError(error) || error.code !== 'CONFLICT') {
        console.error(`[or3] background job ${job.id} could not store output: ${describe(error)}`)
      }
      abort.abort()
    },
  })

  let outcome: Outcome | null
  try {
    const upstream = await openUpstreamChatStream(run.target, run.request, abort.signal, run.upstreamTimeouts)
    // An answer with no chat event at all (garbage, an HTML page) throws NotAChatStreamError, so
    // it fails the job instead of completing it empty.
    let usage: TokenUsage | null = null
    const deltas = readOpenAiDeltas(upstream.body, { onUsage: (reported) => (usage = reported) })
    for await (const text of deltas) output.add(text)
    await output.flush()
    outcome = { status: 'completed', usage }
  } catch (error) {
    await output.flush().catch(() => {})
    if (timedOut) outcome = { status: 'failed', message: `Timed out after ${Math.round(run.timeoutMs / 1000)} s` }
    // Aborted by its owner, or its job ended elsewhere: the store already holds the final status.
    else if (abort.signal.aborted) outcome = null
    else outcome = { status: 'failed', message: failureMessage(error, upstreamHost(run.target.baseUrl)) }
  } finally {
    clearTimeout(timer)
    untrack()
  }

  const ended = outcome ? await endJob(jobs, job.id, outcome) : null
  signalJobChanged(job.id)
  if (ended) await notifyJobEnded(run.notifications, jobs, ended)
}

/** Records the final status; null when the job had already ended (an abort won the race). */
async function endJob(jobs: BackgroundJobStore, jobId: string, outcome: Outcome): Promise<JobRecord | null> {
  try {
    return outcome.status === 'completed' ? await jobs.complete(jobId, outcome.usage) : await jobs.fail(jobId, outcome.message)
  } catch (error) {
    if (isProviderError(error) && error.code === 'CONFLICT') return null
    console.error(`[or3] could not end background job ${jobId}: ${describe(error)}`)
    return null
  }
}

/** The sentence the user reads on the failed answer; what only the operator can act on is recorded apart. */
function failureMessage(error: unknown, host: string): string {
  if (isProviderError(error) || error instanceof UpstreamStalledError) return error.message
  if (error instanceof NotAChatStreamError) {
    recordUpstreamFault('invalid-stream', `${host} answered 200 with a body that holds no chat-completions event`)
    return error.message
  }
  if (error instanceof ChatStreamError) return `The model reported an error: ${describe(error)}`
  recordUpstreamFault('broken-stream', `${host} broke off mid-answer: ${describe(error)}`)
  return 'The model stream broke off before the answer was complete. Try again.'
}

function describe(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error), allInstanceLlmKeys())
}
