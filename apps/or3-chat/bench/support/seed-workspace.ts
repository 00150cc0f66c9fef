// Seeds a workspace through the sync API, as devices that wrote a year of chats would have: the
// rows are the payloads the client pushes (snake_case, sync fields included), in batches of 100.
import { formatHlc } from 'or3-provider-kit'
import type { BrowserLikeClient } from '../../tests/integration/support/browser-like-client'

export interface SeedShape {
  threads: number
  messages: number
  /** Messages of the newest thread (the one a person opens first); the rest spread evenly. */
  newestThreadMessages: number
  /** How many older threads are pinned (they sort above the newest one). */
  pinned: number
}

export interface SeededWorkspace {
  workspaceId: string
  newestThreadId: string
  /** Text only the newest message of the newest thread holds. */
  newestMessageMarker: string
  /** A thread of ordinary length next to the newest one in the sidebar, to compare against it. */
  typicalThreadId: string
  rows: number
}

const DAY = 24 * 60 * 60 * 1000
const DEVICE = 'seed-device'
const BATCH = 100

/** Deterministic text of about `bytes` bytes, Markdown like an answer's (paragraphs, a list, code now and then). */
function messageText(n: number, bytes: number): string {
  const words = ['local', 'first', 'sync', 'device', 'thread', 'answer', 'server', 'change', 'version', 'cursor', 'page', 'model', 'token', 'index']
  let seed = n * 2654435761
  const word = () => {
    seed = (seed * 1103515245 + 12345) >>> 0
    return words[seed % words.length]!
  }
  const parts: string[] = []
  let size = 0
  let k = 0
  while (size < bytes) {
    let block: string
    if (k % 4 === 2) block = Array.from({ length: 3 }, () => `- ${word()} ${word()} ${word()} ${word()}`).join('\n')
    else if (k % 7 === 5 && n % 3 === 0) block = '```ts\n' + `const ${word()} = ${n} + ${k}\nconsole.log(${word()})\n` + '```'
    else block = Array.from({ length: 24 }, word).join(' ') + '.'
    parts.push(block)
    size += block.length + 2
    k++
  }
  return parts.join('\n\n')
}

function stampFor(seq: number, ms: number) {
  const opId = `seed-${seq}`
  return { deviceId: DEVICE, opId, hlc: formatHlc({ ms, counter: 0, node: DEVICE }), clock: 1 }
}

interface SeedOp {
  opId: string
  tableName: 'threads' | 'messages'
  operation: 'put'
  pk: string
  payload: Record<string, unknown>
  stamp: ReturnType<typeof stampFor>
}

/**
 * Builds the ops of a workspace: `threads` threads over the past year, the newest holding
 * `newestThreadMessages` messages and the others sharing the rest; threads first, then each
 * thread's messages, oldest thread first, so the newest thread's messages are the last changes.
 */
export function* seedOps(shape: SeedShape, now: number, messageBytes = 1_200): Generator<SeedOp> {
  let seq = 0
  const threadIds = Array.from({ length: shape.threads }, (_, i) => `thread-${String(i).padStart(6, '0')}`)
  const activityAt = (i: number) => now - Math.round(((shape.threads - 1 - i) / Math.max(1, shape.threads - 1)) * 365 * DAY)
  for (const [i, id] of threadIds.entries()) {
    const at = activityAt(i)
    const pinned = i < shape.pinned ? 1 : 0
    const stamp = stampFor(seq++, at)
    const payload = {
      id,
      title: `Thread ${i}: ${messageText(i, 40).split('\n')[0]!.slice(0, 48)}`,
      system_prompt: null,
      pinned,
      project_id: null,
      last_message_at: at,
      created_at: at - DAY,
      clock: 1,
      hlc: stamp.hlc,
      updated_at: at,
      deleted: false,
      deleted_at: null,
    }
    yield { opId: stamp.opId, tableName: 'threads', operation: 'put', pk: id, payload, stamp }
  }
  const others = Math.max(1, shape.threads - 1)
  const rest = Math.max(0, shape.messages - shape.newestThreadMessages)
  for (const [i, threadId] of threadIds.entries()) {
    const newest = i === threadIds.length - 1
    const count = newest ? Math.min(shape.newestThreadMessages, shape.messages) : Math.floor(rest / others) + (i < rest % others ? 1 : 0)
    const end = activityAt(i)
    for (let index = 0; index < count; index++) {
      const at = end - (count - 1 - index) * 60_000
      const stamp = stampFor(seq++, at)
      const id = `${threadId}-m${String(index).padStart(5, '0')}`
      const marker = newest && index === count - 1 ? `\n\nnewest-message-marker-${id}` : ''
      const payload = {
        id,
        thread_id: threadId,
        role: index % 2 === 0 ? 'user' : 'assistant',
        content: messageText(seq, index % 2 === 0 ? messageBytes / 3 : messageBytes) + marker,
        status: 'complete',
        model: index % 2 === 0 ? null : 'bench/model',
        file_hashes: [],
        index,
        job_id: null,
        created_at: at,
        clock: 1,
        hlc: stamp.hlc,
        updated_at: at,
        deleted: false,
        deleted_at: null,
      }
      yield { opId: stamp.opId, tableName: 'messages', operation: 'put', pk: id, payload, stamp }
    }
  }
}

/** Pushes the workspace's rows through /api/sync/push in batches of 100 and says where things are. */
export async function seedWorkspace(client: BrowserLikeClient, workspaceId: string, shape: SeedShape): Promise<SeededWorkspace> {
  const scope = { workspaceId }
  let batch: SeedOp[] = []
  let rows = 0
  const send = async () => {
    const response = await client.post('/api/sync/push', { scope, ops: batch })
    if (response.status !== 200) throw new Error(`seeding failed: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`)
    rows += batch.length
    batch = []
  }
  for (const op of seedOps(shape, Date.now())) {
    batch.push(op)
    if (batch.length === BATCH) await send()
  }
  if (batch.length) await send()
  const newestIndex = shape.threads - 1
  const newestThreadId = `thread-${String(newestIndex).padStart(6, '0')}`
  const lastIndex = Math.min(shape.newestThreadMessages, shape.messages) - 1
  return {
    workspaceId,
    newestThreadId,
    newestMessageMarker: `newest-message-marker-${newestThreadId}-m${String(lastIndex).padStart(5, '0')}`,
    typicalThreadId: `thread-${String(newestIndex - 1).padStart(6, '0')}`,
    rows,
  }
}
