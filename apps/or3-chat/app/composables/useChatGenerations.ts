import type { SessionResponse } from 'or3-provider-kit'
import { effectScope, reactive, shallowRef, watch, type Ref } from 'vue'
import { announceFinishedAnswer } from '~/core/a11y/answer-announcement'
import { describeChatError, type ChatErrorView } from '~/core/chat/chat-error-view'
import { listUnfinishedAnswers, planRecovery } from '~/core/chat/interrupted-answers'
import { loadAttachments } from '~/core/chat/load-attachments'
import { requestBudget } from '~/core/chat/request-budget'
import { readModelCache, readUserLlmCredential } from '~/core/chat/settings-store'
import { shrinkImageInBrowser } from '~/core/chat/shrink-image'
import { extractPdfTextInBrowser } from '~/core/chat/pdf-text-browser'
import { resumeGeneration, startGeneration, type GenerationContext, type GenerationHandle } from '~/core/chat/start-generation'
import { requestThreadTitle } from '~/core/chat/stream/chat-api'
import { titleThreadAfterFirstAnswer } from '~/core/chat/thread-title'
import type { MessageRow } from '~/core/db/synced-rows'
import type { UserDeviceDatabase } from '~/core/settings/user-device-store'
import type { WorkspaceSession } from '~/core/workspace/workspace-session'
import { useOr3Session } from './useOr3Session'
import { useUserDeviceDb } from './useUserDeviceDb'
import { useWorkspaceDb } from './useWorkspaceDb'

/**
 * The answers being generated on this page, for every thread: they keep streaming while the user
 * moves between threads. `liveText` is what the bubbles show (the database only gets coarse
 * chunks); `errors` keeps why an answer failed, for its bubble.
 */
const handles = new Map<string, GenerationHandle>()
const liveText = reactive(new Map<string, string>())
const activeIds = reactive(new Set<string>())
const errors = reactive(new Map<string, ChatErrorView>())
/** What the page's live region says about the answer that ended last (see answer-announcement.ts). */
const announcement = shallowRef('')
/** Answers whose recovery has begun, so two callers never resume one answer twice. */
const recovering = new Set<string>()
let followedSession: WorkspaceSession | null = null
const pageOpenedAt = Date.now()
let watching = false
// What the server offers and this user's settings, captured by the first component that asks.
let serverInfo: Ref<SessionResponse | null | undefined> = shallowRef(null)
let userDb: Readonly<Ref<UserDeviceDatabase | null>> = shallowRef(null)

/** Cloud mode with background generation on: a reload or a closed tab loses nothing. */
function backgroundAvailable(session: WorkspaceSession): boolean {
  return session.workspaceId !== null && (serverInfo.value?.surfaces.backgroundGeneration.enabled ?? false)
}

async function contextFor(session: WorkspaceSession, messageId: string): Promise<GenerationContext> {
  const settings = userDb.value
  const limits = serverInfo.value?.limits
  if (!limits) throw new Error('The server has not said yet what it accepts: try again in a moment')
  const models = settings ? ((await readModelCache(settings))?.models ?? []) : []
  const credential = settings ? await readUserLlmCredential(settings) : null
  return {
    db: session.db,
    writer: session.writer,
    workspaceId: session.workspaceId,
    background: backgroundAvailable(session),
    userKey: credential?.key ?? null,
    userKeyEndpoint: credential?.endpoint ?? null,
    loadAttachments: (hashes) => loadAttachments(session, hashes),
    requestBudget: (model) => requestBudget(limits, models.find((entry) => entry.id === model)?.contextLength ?? null),
    modelTakesReasoning: (model) => models.find((entry) => entry.id === model)?.reasoning === true,
    shrinkImage: shrinkImageInBrowser,
    extractPdfText: extractPdfTextInBrowser,
    onText: (content) => liveText.set(messageId, content),
  }
}

/** A thread's first complete answer gets it a generated title (unless renamed; see thread-title.ts). */
async function titleThread(session: WorkspaceSession, handle: GenerationHandle): Promise<void> {
  const credential = userDb.value ? await readUserLlmCredential(userDb.value) : null
  const options = { userKey: credential?.key ?? null, userKeyEndpoint: credential?.endpoint ?? null }
  await titleThreadAfterFirstAnswer(session, { threadId: handle.threadId, answerId: handle.messageId }, (request) => requestThreadTitle(request, options))
}

function track(session: WorkspaceSession, handle: GenerationHandle) {
  handles.set(handle.messageId, handle)
  activeIds.add(handle.messageId)
  errors.delete(handle.messageId)
  void handle.done
    .then((result) => {
      const failure = result.status === 'error' ? describeChatError(result.error) : null
      if (failure) errors.set(handle.messageId, failure)
      // A detached handle (its workspace was closed) ends silently.
      if (followedSession === session) announcement.value = announceFinishedAnswer({ ...result, error: failure?.message ?? null })
      if (result.status === 'complete' && followedSession === session) void titleThread(session, handle).catch(() => undefined)
    })
    .finally(() => {
      if (handles.get(handle.messageId) !== handle) return
      handles.delete(handle.messageId)
      activeIds.delete(handle.messageId)
      liveText.delete(handle.messageId)
    })
}

/** Resumes or closes the answers a previous page (or another device) left unfinished. */
async function recover(session: WorkspaceSession, answers: readonly MessageRow[]) {
  const cloud = session.workspaceId !== null
  for (const answer of answers) {
    const activeHere = handles.has(answer.id) || recovering.has(answer.id)
    const plan = planRecovery(answer, { cloud, now: Date.now(), pageOpenedAt, activeHere })
    if (plan === 'leave') continue
    recovering.add(answer.id)
    try {
      if (plan === 'resume') track(session, resumeGeneration(await contextFor(session, answer.id), answer))
      else await session.writer.patch('messages', answer.id, { status: 'aborted' }).catch(() => undefined)
    } finally {
      recovering.delete(answer.id)
    }
  }
}

/** Lets go of the old workspace's streams (their jobs keep running) and recovers the new one's. */
function followSession(session: WorkspaceSession | null) {
  if (session === followedSession) return
  followedSession = session
  for (const handle of handles.values()) handle.detach()
  handles.clear()
  activeIds.clear()
  liveText.clear()
  errors.clear()
  if (session) void listUnfinishedAnswers(session.db).then((answers) => recover(session, answers)).catch(() => undefined)
}

export function useChatGenerations() {
  const { session } = useWorkspaceDb()
  if (import.meta.client && !watching) {
    watching = true
    serverInfo = useOr3Session().data
    userDb = useUserDeviceDb().db
    // Detached: the page's generations outlive the component that first asked for them.
    effectScope(true).run(() => watch(session, followSession, { immediate: true }))
  }

  function requireSession(): WorkspaceSession {
    if (!session.value) throw new Error('No workspace is open yet')
    return session.value
  }

  return {
    liveText,
    errors,
    announcement,
    isActive: (messageId: string) => activeIds.has(messageId),
    isThreadActive: (threadId: string) => [...handles.values()].some((handle) => handle.threadId === threadId && activeIds.has(handle.messageId)),
    async start(input: { threadId: string; messageId: string; model: string }) {
      const current = requireSession()
      recovering.add(input.messageId)
      try {
        track(current, startGeneration(await contextFor(current, input.messageId), input))
      } finally {
        recovering.delete(input.messageId)
      }
    },
    /** Follows answers another device or an earlier page is generating (the thread being viewed). */
    recover: (answers: readonly MessageRow[]) => (session.value ? recover(session.value, answers) : Promise.resolve()),
    stop: (messageId: string) => handles.get(messageId)?.stop(),
    stopThread(threadId: string) {
      for (const handle of handles.values()) if (handle.threadId === threadId) handle.stop()
    },
    clearError: (messageId: string) => errors.delete(messageId),
  }
}
