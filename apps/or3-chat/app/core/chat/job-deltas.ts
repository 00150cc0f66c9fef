import { ChatStreamError } from '#shared/chat-stream/read-openai-deltas'
import { resumeJobStream, type ResumeJobOptions } from './stream/resume-job-stream'
import { GenerationAbortedError } from './generation-runner'

/**
 * A background job's output as plain text deltas, from `shownLength` on. The job's end becomes
 * the end of the iteration (completed), a ChatStreamError (failed) or a GenerationAbortedError.
 */
export async function* jobDeltas(jobId: string, shownLength: number, options: ResumeJobOptions = {}): AsyncGenerator<string, void, undefined> {
  for await (const item of resumeJobStream(jobId, shownLength, options)) {
    if (item.type === 'delta') {
      yield item.content
      continue
    }
    if (item.status === 'failed') throw new ChatStreamError(item.error ?? 'The model could not finish this answer')
    if (item.status === 'aborted') throw new GenerationAbortedError()
    return
  }
}
