import { ChatStreamError } from '#shared/chat-stream/read-openai-deltas'
import type { TokenUsage } from '#shared/chat-stream/token-usage'
import { resumeJobStream, type ResumeJobOptions } from './stream/resume-job-stream'
import { GenerationAbortedError } from './generation-runner'

export interface JobDeltaOptions extends ResumeJobOptions {
  /** Receives the answer's token usage when the job completed with it. */
  onUsage?(usage: TokenUsage): void
}

/**
 * A background job's output as plain text deltas, from `shownLength` on. The job's end becomes
 * the end of the iteration (completed), a ChatStreamError (failed) or a GenerationAbortedError.
 */
export async function* jobDeltas(jobId: string, shownLength: number, options: JobDeltaOptions = {}): AsyncGenerator<string, void, undefined> {
  const { onUsage, ...resume } = options
  for await (const item of resumeJobStream(jobId, shownLength, resume)) {
    if (item.type === 'delta') {
      yield item.content
      continue
    }
    if (item.status === 'failed') throw new ChatStreamError(item.error ?? 'The model could not finish this answer')
    if (item.status === 'aborted') throw new GenerationAbortedError()
    if (item.usage) onUsage?.(item.usage)
    return
  }
}
