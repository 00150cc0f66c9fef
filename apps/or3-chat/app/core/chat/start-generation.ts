import { listMessages } from '../db/queries'
import type { MessageRow } from '../db/synced-rows'
import type { AttachmentForModel } from './attachment-parts'
import { buildChatHistory } from './chat-history'
import { buildMessageTree, pathTo } from './message-branches'
import type { RequestBudget } from './request-budget'
import type { PdfTextExtractor } from './pdf-text'
import type { ImageShrinker } from './shrink-image'
import { utf8Bytes } from './wire-size'
import { readModelSettings, requestModelSettings } from './model-settings'
import { runGeneration, type GenerationResult } from './generation-runner'
import { jobDeltas } from './job-deltas'
import { createStreamedMessageWriter, type StreamedMessageWriter } from './message-persistence'
import { abortJob, startBackgroundChat, streamChat } from './stream/chat-api'
import { markAnswerStreaming, type ChatWriteContext } from './thread-writes'

/** The chat endpoints a generation calls; tests pass fakes. */
export interface ChatTransport {
  streamChat: typeof streamChat
  startBackgroundChat: typeof startBackgroundChat
  abortJob: typeof abortJob
  jobDeltas: typeof jobDeltas
}

const httpTransport: ChatTransport = { streamChat, startBackgroundChat, abortJob, jobDeltas }

export interface GenerationContext extends ChatWriteContext {
  /** null in local-only mode. */
  workspaceId: string | null
  /** Cloud mode: the server runs the answer as a job, so a reload or a closed tab loses nothing. */
  background: boolean
  /** The user's own LLM key (sent as a header only). */
  userKey: string | null
  /** The endpoint the user's key is for; null: the server's default endpoint. */
  userKeyEndpoint?: string | null
  loadAttachments(hashes: readonly string[]): Promise<AttachmentForModel[]>
  /** What one request to `model` may hold: the server's limits and the model's context. */
  requestBudget(model: string): RequestBudget
  /** Whether the model list says `model` takes a reasoning effort (unknown counts as no). */
  modelTakesReasoning?(model: string): boolean
  /** Re-encodes large images smaller before sending (the browser's canvas). */
  shrinkImage?: ImageShrinker
  /** Reads PDFs' text before sending (pdf.js in the browser). */
  extractPdfText?: PdfTextExtractor
  transport?: ChatTransport
  onText?(content: string): void
}

export interface GenerationHandle {
  readonly messageId: string
  readonly threadId: string
  readonly done: Promise<GenerationResult>
  /** The user pressed stop: the job (if any) is aborted and the answer is saved as stopped. */
  stop(): void
  /** This page lets go (workspace closed): nothing more is written, the job keeps running. */
  detach(): void
}

function failing(error: unknown): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  }
}

function handleFor(
  context: GenerationContext,
  ids: { threadId: string; messageId: string },
  message: StreamedMessageWriter,
  openDeltas: (signal: AbortSignal, jobStarted: (jobId: string) => void) => Promise<AsyncIterable<string>>,
): GenerationHandle {
  const transport = context.transport ?? httpTransport
  const abort = new AbortController()
  let jobId: string | null = null
  const abortTheJob = () => {
    if (jobId) transport.abortJob(jobId, { userKey: context.userKey, userKeyEndpoint: context.userKeyEndpoint }).catch(() => undefined)
  }
  const done = (async () => {
    let deltas: AsyncIterable<string>
    try {
      deltas = await openDeltas(abort.signal, (started) => {
        jobId = started
        // Stop was pressed while the job was being created.
        if (abort.signal.aborted) abortTheJob()
      })
    } catch (error) {
      deltas = failing(error)
    }
    return runGeneration({ deltas, message, signal: abort.signal, onText: context.onText })
  })()
  return {
    ...ids,
    done,
    stop() {
      abort.abort()
      abortTheJob()
    },
    detach() {
      message.abandon()
      abort.abort()
    },
  }
}

/** Generates the (empty) answer `messageId` of a thread from the conversation before it. */
export function startGeneration(context: GenerationContext, input: { threadId: string; messageId: string; model: string }): GenerationHandle {
  const transport = context.transport ?? httpTransport
  const { threadId, messageId, model } = input
  const message = createStreamedMessageWriter({ writer: context.writer, messageId, now: context.now })
  return handleFor(context, { threadId, messageId }, message, async (signal, jobStarted) => {
    const thread = await context.db.threads.get(threadId)
    // The conversation is the path to this answer only: other versions are never sent.
    const messages = pathTo(buildMessageTree(await listMessages(context.db, threadId)), messageId)
    const answer = messages?.at(-1)
    if (!messages || !answer) throw new Error('The answer was deleted before it could be generated')
    const job = context.background ? { workspaceId: context.workspaceId ?? undefined, background: { threadId, messageId } } : null
    const settings = requestModelSettings(readModelSettings(thread?.model_settings), context.modelTakesReasoning?.(model) ?? false)
    // The request as sent, around its messages (same keys, same order): the fitting counts these bytes too.
    const envelope = { model, messages: [], ...settings, ...job }
    const history = await buildChatHistory({
      systemPrompt: thread?.system_prompt ?? null,
      messages,
      answerIndex: answer.index,
      loadAttachments: context.loadAttachments,
      budget: context.requestBudget(model),
      envelopeBytes: utf8Bytes(JSON.stringify(envelope)),
      shrinkImage: context.shrinkImage,
      extractPdfText: context.extractPdfText,
    })
    const leftOut = history.leftOut.messages + history.leftOut.attachments > 0 ? history.leftOut : null
    const options = { userKey: context.userKey, userKeyEndpoint: context.userKeyEndpoint, signal }
    if (job) {
      const started = await transport.startBackgroundChat({ model, messages: history.messages, ...settings, ...job }, options)
      jobStarted(started.jobId)
      await markAnswerStreaming(context, messageId, started.jobId, leftOut)
      return transport.jobDeltas(started.jobId, 0, { signal, onUsage: message.recordUsage })
    }
    await markAnswerStreaming(context, messageId, null, leftOut)
    return transport.streamChat({ model, messages: history.messages, ...settings }, { ...options, onUsage: message.recordUsage })
  })
}

/** Follows the background job of an answer from what it already holds (after a reload, or from another device). */
export function resumeGeneration(context: GenerationContext, answer: MessageRow): GenerationHandle {
  const transport = context.transport ?? httpTransport
  const jobId = answer.job_id
  const message = createStreamedMessageWriter({ writer: context.writer, messageId: answer.id, initialContent: answer.content, now: context.now })
  return handleFor(context, { threadId: answer.thread_id, messageId: answer.id }, message, async (signal, jobStarted) => {
    if (!jobId) throw new Error('This answer has no background job to resume')
    jobStarted(jobId)
    return transport.jobDeltas(jobId, answer.content.length, { signal, onUsage: message.recordUsage })
  })
}
