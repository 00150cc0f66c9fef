import { computed, ref, watch, type Ref } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { branchThreadFrom } from '~/core/chat/branch-thread'
import { buildMessageTree, shownPath, type BranchPlace, type ShownMessage } from '~/core/chat/message-branches'
import type { ModelSettings } from '~/core/chat/model-settings'
import {
  addUserTurn,
  editUserMessage,
  regenerateAnswer,
  setThreadModelSettings,
  setThreadSystemPrompt,
  showVersion,
  type ChatWriteContext,
} from '~/core/chat/thread-writes'
import { listMessages, threadTokenUsage } from '~/core/db/queries'
import type { MessageRow } from '~/core/db/synced-rows'
import { useChatGenerations } from './useChatGenerations'
import { useOr3Session } from './useOr3Session'
import { useWorkspaceDb } from './useWorkspaceDb'

/** Messages shown per page: the chat opens on the newest and shows further back on scroll. */
export const MESSAGE_PAGE = 40

const isUnfinished = (message: MessageRow) => message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming')

/**
 * One thread for the chat view: its row and messages (live from the local database), and the
 * user's actions on it. `threadId` null is a new chat: the first send creates the thread.
 */
export function useChatThread(threadId: Ref<string | null>) {
  const { db, writer } = useWorkspaceDb()
  const generations = useChatGenerations()
  const { data: account } = useOr3Session()

  const thread = useLiveQueryRef(() => {
    const [open, id] = [db.value, threadId.value]
    return open && id ? { db: open, read: () => open.threads.get(id).then((row) => (row && !row.deleted ? row : null)) } : null
  }, null)
  // The path the thread shows (message-branches.ts): the tree needs every version, so the whole
  // thread is read; only the newest page of the path is shown, `loadOlder` adds another.
  const shown = ref<{ threadId: string | null; limit: number }>({ threadId: null, limit: MESSAGE_PAGE })
  const limit = computed(() => (shown.value.threadId === threadId.value ? shown.value.limit : MESSAGE_PAGE))
  const path = useLiveQueryRef(() => {
    const [open, id] = [db.value, threadId.value]
    return open && id ? { db: open, read: async () => shownPath(buildMessageTree(await listMessages(open, id))) } : null
  }, [] as ShownMessage[])
  const messages = computed(() => path.value.slice(-limit.value).map((entry) => entry.message))
  /** Where each shown message sits among its versions (for the `‹ 2/3 ›` switcher). */
  const places = computed(() => new Map<string, BranchPlace>(path.value.map((entry) => [entry.message.id, entry.place])))
  /** What the thread's answers cost so far, in tokens (only answers whose upstream reported usage count). */
  const usage = useLiveQueryRef(() => {
    const [open, id] = [db.value, threadId.value]
    return open && id ? { db: open, read: () => threadTokenUsage(open, id) } : null
  }, null)
  const loaded = useLiveQueryRef(() => {
    const [open, id] = [db.value, threadId.value]
    return open && id ? { db: open, read: () => open.threads.get(id).then(() => true) } : null
  }, false)

  // Answers that another device (or an earlier page) is generating are followed here too.
  watch(messages, (rows) => {
    const unfinished = rows.filter(isUnfinished)
    if (unfinished.length) void generations.recover(unfinished)
  })

  const generating = computed(() => messages.value.some((message) => generations.isActive(message.id)))
  const lastAnswer = computed(() => [...messages.value].reverse().find((message) => message.role === 'assistant') ?? null)
  /** The model of the thread's latest answer: a thread keeps the model it was using. */
  const threadModel = computed(() => lastAnswer.value?.model ?? null)

  function context(): ChatWriteContext {
    if (!db.value || !writer.value) throw new Error('No workspace is open yet')
    const user = account.value?.authenticated ? account.value.user : null
    // Messages carry their author so the other members of a shared workspace see who wrote them.
    const author = user ? { userId: user.id, name: user.displayName ?? user.email ?? 'A member' } : null
    return { db: db.value, writer: writer.value, author }
  }

  return {
    thread,
    messages,
    /** false until the thread was looked up once (so "not found" is not flashed while loading). */
    loaded,
    usage,
    generating,
    places,
    /** True while the path has messages older than the ones shown. */
    hasOlder: computed(() => path.value.length > limit.value),
    loadOlder() {
      if (path.value.length > limit.value) shown.value = { threadId: threadId.value, limit: limit.value + MESSAGE_PAGE }
    },
    lastAnswer,
    threadModel,
    /** Sends a user turn and starts its answer; returns the thread id (new for a new chat, with `systemPrompt` if given). */
    async send(input: { text: string; fileHashes: string[]; model: string; systemPrompt?: string | null }): Promise<string> {
      const turn = await addUserTurn(context(), { threadId: threadId.value, ...input })
      await generations.start({ threadId: turn.threadId, messageId: turn.answerId, model: input.model })
      return turn.threadId
    },
    /** A new version of the answer; the earlier one stays, one switch away. */
    async regenerate(answer: MessageRow, model: string) {
      const turn = await regenerateAnswer(context(), { answerId: answer.id, model })
      await generations.start({ threadId: turn.threadId, messageId: turn.answerId, model })
    },
    async editAndResend(message: MessageRow, text: string, model: string) {
      const turn = await editUserMessage(context(), { messageId: message.id, text, model })
      await generations.start({ threadId: turn.threadId, messageId: turn.answerId, model })
    },
    /** Shows another version of a message; the thread continues from it. */
    showVersion: (messageId: string) => showVersion(context(), messageId),
    /** Copies the path up to `message` into a new thread; returns its id. */
    branchFrom: (message: MessageRow) => branchThreadFrom(context(), message.id),
    stop() {
      if (threadId.value) generations.stopThread(threadId.value)
    },
    setSystemPrompt: (prompt: string) => (threadId.value ? setThreadSystemPrompt(context(), threadId.value, prompt) : Promise.resolve()),
    setModelSettings: (settings: ModelSettings) => (threadId.value ? setThreadModelSettings(context(), threadId.value, settings) : Promise.resolve()),
  }
}
