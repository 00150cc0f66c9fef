import { z } from 'zod'
import { hashBytes } from '../storage/hash-blob'
import { ImportRefusedError, emptyPlan, type ArchiveRow, type ImportPlan } from './archive-format'
import { notChatGpt } from './read-import-file'

/**
 * A ChatGPT export's conversations.json, as threads and messages. Each conversation is a tree
 * (`mapping`: nodes with `parent` and `children`, one per edit or regenerated answer); the chat
 * the user last saw is the path from the root to `current_node`, and that is what is imported.
 * Ids are derived from the export's own ids, so importing the same export again finds its rows
 * and adds nothing.
 */

const nodeSchema = z.looseObject({
  parent: z.string().nullish(),
  children: z.array(z.string()).nullish(),
  message: z
    .looseObject({
      author: z.looseObject({ role: z.string() }),
      create_time: z.number().nullish(),
      content: z.looseObject({ content_type: z.string().nullish(), parts: z.array(z.unknown()).nullish(), text: z.string().nullish() }).nullish(),
      metadata: z.looseObject({ model_slug: z.string().nullish(), is_visually_hidden_from_conversation: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
})
type ChatGptNode = z.infer<typeof nodeSchema>

const conversationSchema = z.looseObject({
  id: z.string().min(1).nullish(),
  conversation_id: z.string().min(1).nullish(),
  title: z.string().nullish(),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  current_node: z.string().nullish(),
  mapping: z.record(z.string(), nodeSchema),
})

export async function planChatGptImport(json: unknown): Promise<ImportPlan> {
  if (!Array.isArray(json) || (json.length > 0 && !json.some((item) => typeof item === 'object' && item !== null && 'mapping' in item))) {
    throw notChatGpt()
  }
  const plan = emptyPlan()
  for (const [position, item] of json.entries()) {
    const parsed = conversationSchema.safeParse(item)
    const conversationId = parsed.success ? (parsed.data.conversation_id ?? parsed.data.id) : null
    if (!parsed.success || !conversationId) {
      throw new ImportRefusedError(`This ChatGPT export is damaged (chat ${position + 1} of ${json.length} cannot be read), so nothing was imported.`)
    }
    const conversation = parsed.data
    const turns = currentPath(conversation.mapping, conversation.current_node ?? null)
      .map(({ nodeId, node }) => ({ nodeId, node, text: visibleText(node) }))
      .filter((turn) => turn.text !== null)
    if (turns.length === 0) continue

    const threadId = await stableId(`chatgpt:${conversationId}`)
    const createdAt = toMs(conversation.create_time) ?? toMs(turns[0]!.node.message?.create_time) ?? 0
    let at = createdAt
    for (const [index, { nodeId, node, text }] of turns.entries()) {
      at = toMs(node.message?.create_time) ?? at
      const role = node.message!.author.role as 'user' | 'assistant'
      plan.rows.messages.push({
        id: await stableId(`chatgpt:${conversationId}:${nodeId}`),
        thread_id: threadId,
        role,
        content: text!,
        status: 'complete',
        model: role === 'assistant' ? (node.message?.metadata?.model_slug ?? null) : null,
        file_hashes: [],
        index,
        job_id: null,
        created_at: at,
      })
    }
    const thread: ArchiveRow = {
      id: threadId,
      title: conversation.title?.trim().slice(0, 200) || 'Imported chat',
      // The export's title is the user's to keep: no generated title replaces it.
      title_source: 'user',
      system_prompt: null,
      pinned: 0,
      project_id: null,
      last_message_at: Math.max(at, toMs(conversation.update_time) ?? 0),
      created_at: createdAt,
    }
    plan.rows.threads.push(thread)
  }
  return plan
}

/** The nodes from the root to `current_node` (or, without one, along the newest children). */
function currentPath(mapping: Record<string, ChatGptNode>, currentNode: string | null): Array<{ nodeId: string; node: ChatGptNode }> {
  let leaf = currentNode && mapping[currentNode] ? currentNode : null
  if (!leaf) {
    const root = Object.keys(mapping).find((id) => !mapping[id]!.parent || !mapping[mapping[id]!.parent!])
    leaf = root ?? null
    const visited = new Set<string>()
    while (leaf && !visited.has(leaf)) {
      visited.add(leaf)
      const next = mapping[leaf]!.children?.filter((child) => mapping[child]).at(-1)
      if (!next) break
      leaf = next
    }
  }
  const path: Array<{ nodeId: string; node: ChatGptNode }> = []
  const visited = new Set<string>()
  // A cycle would be a broken export; stopping at the first repeat keeps the walk finite.
  for (let id = leaf; id && mapping[id] && !visited.has(id); id = mapping[id]!.parent ?? null) {
    visited.add(id)
    path.push({ nodeId: id, node: mapping[id]! })
  }
  return path.reverse()
}

/** The text a reader saw in a user or assistant turn; null for everything else (system, tools, hidden, images only). */
function visibleText(node: ChatGptNode): string | null {
  const message = node.message
  if (!message || (message.author.role !== 'user' && message.author.role !== 'assistant')) return null
  if (message.metadata?.is_visually_hidden_from_conversation) return null
  const content = message.content
  if (!content) return null
  const type = content.content_type ?? 'text'
  let text: string | null = null
  if (type === 'text' || type === 'multimodal_text') text = (content.parts ?? []).filter((part): part is string => typeof part === 'string').join('\n')
  else if (type === 'code') text = content.text ?? null
  return text && text.trim() ? text : null
}

/** Seconds since the epoch (the export's unit) to ms. */
function toMs(seconds: number | null | undefined): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.round(seconds * 1000) : null
}

/** A UUID-shaped id derived from `name`: the same conversation gets the same ids every time. */
export async function stableId(name: string): Promise<string> {
  const hex = (await hashBytes(new TextEncoder().encode(`or3-import:${name}`))).slice('sha256:'.length)
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
