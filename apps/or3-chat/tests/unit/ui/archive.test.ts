import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { ARCHIVE_TABLES, rowContent, type ArchiveTable } from '../../../app/core/archive/archive-format'
import { exportThreadArchive, exportWorkspaceArchive } from '../../../app/core/archive/export-archive'
import { describeImport, importFile } from '../../../app/core/archive/import-file'
import { exportFileName, threadToMarkdown } from '../../../app/core/archive/thread-markdown'
import { hashBytes } from '../../../app/core/storage/hash-blob'
import type { WorkspaceDatabase } from '../../../app/core/db/workspace-database'
import { closeChatDbs, messageInput, messageRow, openChatDb, threadInput } from './support/chat-db'

afterEach(closeChatDbs)

type ChatDb = Awaited<ReturnType<typeof openChatDb>>

/** A workspace with a bit of everything, including fields this version of OR3 does not know. */
async function fillWorkspace(context: ChatDb) {
  const picture = new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3, 4])], { type: 'image/png' })
  const hash = await hashBytes(picture)
  await context.writer.batch(
    async (writer) => {
      await writer.put('projects', { id: 'p1', name: 'Trips', description: null, created_at: 5 })
      await writer.put('file_meta', { hash, name: 'map.png', mime_type: 'image/png', size_bytes: picture.size, kind: 'image', width: 2, height: 1, created_at: 6 })
      await writer.put('threads', threadInput('t1', 'Lisbon', { project_id: 'p1', title_source: 'user', archived_at: 77, last_message_at: 30 }))
      await writer.put('threads', threadInput('t2', 'Other chat'))
      await writer.put('messages', messageInput('m1', 't1', 0, { file_hashes: [hash], author_user_id: 'u1', author_name: 'Ada' }))
      // Branch fields another version may write: carried as they are.
      await writer.put('messages', {
        ...messageInput('m2', 't1', 1, { role: 'assistant', model: 'm-1', usage: { input: 3, output: 9 } }),
        branch_parent_id: 'm1',
        branch: { siblings: ['m2', 'm3'], chosen: 0 },
      } as never)
      await writer.put('messages', messageInput('m4', 't2', 0))
      await writer.put('posts', { id: 'note1', title: 'A note', content: 'body', post_type: 'note', created_at: 8 })
      await writer.put('kv', { name: 'workspace:default_prompt', value: { text: 'Be brief' } })
      await writer.put('kv', { name: 'api_key:openrouter', value: 'sk-secret' })
      await writer.put('kv', { name: 'device:layout', value: 'wide' })
      await writer.put('threads', threadInput('gone', 'Deleted chat'))
    },
  )
  await context.db.file_blobs.put({ hash, blob: picture, stored_at: 1 })
  await context.writer.softDelete('threads', 'gone')
  return { hash, picture }
}

async function contentOf(db: WorkspaceDatabase, table: ArchiveTable) {
  const rows = await db.syncedTable(table).toArray()
  return rows.filter((row) => !row.deleted).map((row) => rowContent(row as never)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

async function totals(db: WorkspaceDatabase) {
  const counts: Record<string, number> = {}
  for (const table of [...ARCHIVE_TABLES, 'pending_ops', 'file_blobs'] as const) counts[table] = await db.table(table).count()
  return counts
}

const asFile = (blob: Blob, name: string) => new File([blob], name, { type: blob.type })

describe('OR3 archive', () => {
  it('round-trips a workspace losslessly: every field of every live row, unknown ones too, and the attachment bytes', async () => {
    const source = await openChatDb('ws-a')
    const { hash, picture } = await fillWorkspace(source)
    const archive = await exportWorkspaceArchive({ db: source.db })

    const target = await openChatDb('ws-b')
    const progress: string[] = []
    const result = await importFile(asFile(archive, 'or3.zip'), target, (step) => progress.push(step.phase))

    for (const table of ['projects', 'file_meta', 'threads', 'messages', 'posts'] as const) {
      expect(await contentOf(target.db, table), table).toEqual(await contentOf(source.db, table))
    }
    const m2 = (await target.db.messages.get('m2')) as unknown as Record<string, unknown>
    expect(m2.branch).toEqual({ siblings: ['m2', 'm3'], chosen: 0 })
    expect(m2.branch_parent_id).toBe('m1')
    expect(await target.db.threads.get('gone'), 'deleted rows are not exported').toBeUndefined()
    expect((await target.db.kv.toArray()).map((row) => [row.name, row.value])).toEqual([['workspace:default_prompt', { text: 'Be brief' }]])
    const bytes = (await target.db.file_blobs.get(hash))!.blob
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array(await picture.arrayBuffer()))
    expect(bytes.type).toBe('image/png')
    // Written through the local writer: each imported row is queued to sync.
    expect(await target.db.pending_ops.count()).toBe(9)
    expect(result.added).toEqual({ projects: 1, file_meta: 1, threads: 2, messages: 3, posts: 1, kv: 1 })
    expect(describeImport(result)).toBe('Imported 2 chats, 3 messages, 1 file, 1 project, 1 post and 1 setting.')
    expect(progress).toContain('reading')
    expect(progress.at(-1)).toBe('writing')
  })

  it('imports in local-only mode too: the rows are written, nothing is queued for a server', async () => {
    const source = await openChatDb('ws-a')
    await fillWorkspace(source)
    const local = await openChatDb(null)
    const result = await importFile(asFile(await exportThreadArchive({ db: source.db }, 't1'), 'chat.zip'), local)
    expect(result.added.messages).toBe(2)
    expect(await local.db.messages.count()).toBe(2)
    expect(await local.db.pending_ops.count()).toBe(0)
  })

  it('pages through large tables into several parts and reads them all back', async () => {
    const source = await openChatDb('ws-a')
    await source.writer.batch(async (writer) => {
      await writer.put('threads', threadInput('long', 'A long chat'))
      for (let index = 0; index < 600; index++) await writer.put('messages', messageInput(`m${String(index).padStart(4, '0')}`, 'long', index))
    })
    const archive = await exportWorkspaceArchive({ db: source.db })
    const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(await archive.arrayBuffer()))['or3-archive.json']!))
    expect(manifest.parts.filter((part: { table: string }) => part.table === 'messages').map((part: { rows: number }) => part.rows)).toEqual([500, 100])
    const target = await openChatDb('ws-b')
    const result = await importFile(asFile(archive, 'or3.zip'), target)
    expect(result.added.messages).toBe(600)
    expect(await contentOf(target.db, 'messages')).toEqual(await contentOf(source.db, 'messages'))
  }, 60_000)

  it('exports one chat with its messages, project and files only', async () => {
    const source = await openChatDb('ws-a')
    const { hash } = await fillWorkspace(source)
    const target = await openChatDb('ws-b')
    await importFile(asFile(await exportThreadArchive({ db: source.db }, 't1'), 'chat.zip'), target)
    expect((await target.db.threads.toArray()).map((row) => row.id)).toEqual(['t1'])
    expect((await target.db.messages.toArray()).map((row) => row.id).sort()).toEqual(['m1', 'm2'])
    expect((await target.db.projects.toArray()).map((row) => row.id)).toEqual(['p1'])
    expect((await target.db.file_meta.toArray()).map((row) => row.hash)).toEqual([hash])
    expect(await target.db.file_blobs.count()).toBe(1)
    expect(await target.db.posts.count()).toBe(0)
    expect(await target.db.kv.count()).toBe(0)
  })

  it('is idempotent: importing the same archive again adds nothing and queues nothing', async () => {
    const source = await openChatDb('ws-a')
    await fillWorkspace(source)
    const file = asFile(await exportWorkspaceArchive({ db: source.db }), 'or3.zip')
    const target = await openChatDb('ws-b')
    await importFile(file, target)
    const before = await totals(target.db)
    const again = await importFile(file, target)
    expect(await totals(target.db)).toEqual(before)
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true)
    expect(again.newFiles).toEqual([])
    expect(describeImport(again)).toBe('Nothing new to import: everything in this file is already in this workspace.')

    // Importing into the workspace it came from adds nothing either; a chat deleted since comes back.
    await source.writer.softDelete('threads', 't2')
    const back = await importFile(file, source)
    expect(back.added.threads).toBe(1)
    expect((await source.db.threads.get('t2'))?.deleted).toBe(false)
    expect(back.alreadyHere).toBeGreaterThan(0)
  })

  it('refuses a damaged archive in one sentence and writes nothing', async () => {
    const source = await openChatDb('ws-a')
    await fillWorkspace(source)
    const bytes = new Uint8Array(await (await exportWorkspaceArchive({ db: source.db })).arrayBuffer())
    const target = await openChatDb('ws-b')
    const empty = await totals(target.db)

    const cut = bytes.slice(0, Math.floor(bytes.length * 0.6))
    const flipped = bytes.slice()
    // A byte inside the stored picture (its bytes are kept uncompressed, so only the hash can tell).
    const at = findBytes(flipped, new Uint8Array([137, 80, 78, 71, 1, 2]))
    flipped[at + 4] ^= 0xff
    const garbled = bytes.slice()
    for (let i = 40; i < 90; i++) garbled[i] = 0x41

    for (const broken of [cut, flipped, garbled]) {
      const error = await importFile(new File([broken], 'or3.zip'), target).catch((e: Error) => e)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(/^This archive is damaged or incomplete \(.+\), so nothing was imported\.$/)
      expect(await totals(target.db)).toEqual(empty)
    }
  })

  it('refuses foreign files and other format versions in one sentence and writes nothing', async () => {
    const target = await openChatDb('ws-b')
    const empty = await totals(target.db)
    const cases: Array<[Blob, RegExp]> = [
      [new Blob(['{"hello": "world"}'], { type: 'application/json' }), /^This JSON file is not a ChatGPT export .*, so nothing was imported\.$/],
      [new Blob(['[{"title": "no tree"}]']), /^This JSON file is not a ChatGPT export/],
      [new Blob(['just some text']), /^This file is neither an OR3 archive nor a ChatGPT export .*, so nothing was imported\.$/],
      [new Blob([zipSync({ 'notes.txt': strToU8('hi') })]), /^This file is neither an OR3 archive nor a ChatGPT export/],
      [
        new Blob([zipSync({ 'or3-archive.json': strToU8(JSON.stringify({ format: 'or3-archive', version: 2, scope: 'workspace', exported_at: 1, parts: [], attachments: [] })) })]),
        /^This archive was made by a newer OR3 \(format version 2; this one reads version 1\), so nothing was imported: update OR3 and try again\.$/,
      ],
    ]
    for (const [blob, message] of cases) {
      const error = await importFile(new File([blob], 'x'), target).catch((e: Error) => e)
      expect((error as Error).message).toMatch(message)
      expect((error as Error).message.split(/\.\s/).length, 'one sentence').toBe(1)
    }
    expect(await totals(target.db)).toEqual(empty)
  })

  it('writes nothing when the import transaction fails part way', async () => {
    const target = await openChatDb('ws-b')
    await target.writer.put('threads', threadInput('t1', 'kept'))
    const before = await totals(target.db)
    // Good rows, then one the local writer refuses (a key longer than the sync protocol allows), written last.
    const lines = [JSON.stringify(threadInput('new1', 'one')), JSON.stringify(threadInput('new2', 'two'))]
    const archive = await archiveOf({ threads: lines, kv: [JSON.stringify({ name: `workspace:${'k'.repeat(300)}`, value: 1 })] })
    const error = await importFile(new File([archive], 'a.zip'), target).catch((e: Error) => e)
    expect((error as Error).message).toMatch(/^The import could not be saved \(.+\), so nothing was imported\.$/)
    expect(await totals(target.db)).toEqual(before)
    expect(await target.db.threads.get('new1')).toBeUndefined()
  })
})

describe('ChatGPT import', () => {
  /** One conversation whose first question was edited: the tree has two branches, and current_node is on the second. */
  const conversation = {
    id: 'conv-1',
    conversation_id: 'conv-1',
    title: 'Capital cities',
    create_time: 1_700_000_000.5,
    update_time: 1_700_000_100,
    current_node: 'a2',
    mapping: {
      root: { id: 'root', message: null, parent: null, children: ['sys'] },
      sys: {
        id: 'sys',
        message: { author: { role: 'system' }, content: { content_type: 'text', parts: [''] }, metadata: { is_visually_hidden_from_conversation: true } },
        parent: 'root',
        children: ['q1', 'q2'],
      },
      q1: { id: 'q1', message: { author: { role: 'user' }, create_time: 1_700_000_001, content: { content_type: 'text', parts: ['Capital of Frnace?'] } }, parent: 'sys', children: ['a1'] },
      a1: { id: 'a1', message: { author: { role: 'assistant' }, create_time: 1_700_000_002, content: { content_type: 'text', parts: ['Paris.'] } }, parent: 'q1', children: [] },
      q2: {
        id: 'q2',
        message: {
          author: { role: 'user' },
          create_time: 1_700_000_010,
          content: { content_type: 'multimodal_text', parts: [{ content_type: 'image_asset_pointer', asset_pointer: 'file-service://x' }, 'Capital of France?'] },
        },
        parent: 'sys',
        children: ['tool', 'a2'],
      },
      tool: { id: 'tool', message: { author: { role: 'tool' }, content: { content_type: 'text', parts: ['search results'] } }, parent: 'q2', children: [] },
      a2: {
        id: 'a2',
        message: { author: { role: 'assistant' }, create_time: 1_700_000_011, content: { content_type: 'text', parts: ['Paris, of course.'] }, metadata: { model_slug: 'gpt-4o' } },
        parent: 'q2',
        children: [],
      },
    },
  }

  it('imports the path to the current node, in order, with stable ids, and adds nothing the second time', async () => {
    const target = await openChatDb('ws-b')
    const file = new File([JSON.stringify([conversation])], 'conversations.json', { type: 'application/json' })
    const first = await importFile(file, target)
    expect(first.added.threads).toBe(1)
    const [thread] = await target.db.threads.toArray()
    expect(thread!.title).toBe('Capital cities')
    expect(thread!.title_source).toBe('user')
    expect(thread!.created_at).toBe(1_700_000_000_500)
    const messages = (await target.db.messages.toArray()).sort((a, b) => a.index - b.index)
    expect(messages.map((m) => [m.index, m.role, m.content, m.model, m.thread_id])).toEqual([
      [0, 'user', 'Capital of France?', null, thread!.id],
      [1, 'assistant', 'Paris, of course.', 'gpt-4o', thread!.id],
    ])
    expect(messages[1]!.created_at).toBe(1_700_000_011_000)

    const before = await totals(target.db)
    const again = await importFile(file, target)
    expect(describeImport(again)).toMatch(/^Nothing new/)
    expect(await totals(target.db)).toEqual(before)

    // Another workspace derives the same ids from the same export.
    const other = await openChatDb('ws-c')
    await importFile(file, other)
    expect((await other.db.threads.toArray()).map((row) => row.id)).toEqual([thread!.id])
  })

  it('follows the newest children without a current node, reads the export zip, and skips chats with nothing to show', async () => {
    const target = await openChatDb('ws-b')
    const { current_node: _ignored, ...withoutCurrent } = conversation
    const empty = { id: 'conv-2', title: 'Empty', mapping: { root: { message: null, parent: null, children: [] } } }
    const zip = zipSync({ 'conversations.json': strToU8(JSON.stringify([withoutCurrent, empty])), 'chat.html': strToU8('<html></html>') })
    const result = await importFile(new File([zip], 'export.zip'), target)
    expect(result.added).toMatchObject({ threads: 1, messages: 2 })
    expect((await target.db.messages.toArray()).map((m) => m.content).sort()).toEqual(['Capital of France?', 'Paris, of course.'])
  })

  it('refuses a chat it cannot read, naming which, and writes nothing', async () => {
    const target = await openChatDb('ws-b')
    const broken = new File([JSON.stringify([conversation, { id: 'conv-3', mapping: 'not a tree' }])], 'conversations.json')
    const error = await importFile(broken, target).catch((e: Error) => e)
    expect((error as Error).message).toBe('This ChatGPT export is damaged (chat 2 of 2 cannot be read), so nothing was imported.')
    expect(await target.db.threads.count()).toBe(0)
  })
})

describe('Markdown export', () => {
  it('writes the title, each speaker and model, the text as written and attachment names', () => {
    const markdown = threadToMarkdown(
      { title: 'Trip plan', system_prompt: 'Be brief' },
      [messageRow('m1', 't', 0, { content: 'Plan **Lisbon**', file_hashes: ['sha256:a'] }), messageRow('m2', 't', 1, { role: 'assistant', model: 'gpt-x', content: '1. Go\n2. Eat\n' })],
      new Map([['sha256:a', { name: 'map.png' }]]),
    )
    expect(markdown).toBe('# Trip plan\n\n> System prompt: Be brief\n\n## You\n\nPlan **Lisbon**\n\n- Attachment: map.png\n\n## Assistant (gpt-x)\n\n1. Go\n2. Eat\n')
    expect(exportFileName('Trip: plan / Lisbon?', 'md')).toBe('trip-plan-lisbon.md')
  })
})

function findBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  throw new Error('not found')
}

/** A well-formed archive of the given JSONL lines (for rows an export would never write). */
async function archiveOf(tables: Partial<Record<ArchiveTable, string[]>>): Promise<Blob> {
  const { sha256Hex } = await import('../../../app/core/archive/archive-format')
  const files: Record<string, Uint8Array> = {}
  const parts = []
  for (const [table, lines] of Object.entries(tables)) {
    const path = `tables/${table}-0001.jsonl`
    files[path] = strToU8(lines.join('\n') + '\n')
    parts.push({ path, table, rows: lines.length, sha256: await sha256Hex(files[path]) })
  }
  files['or3-archive.json'] = strToU8(JSON.stringify({ format: 'or3-archive', version: 1, scope: 'workspace', exported_at: 1, parts, attachments: [] }))
  return new Blob([zipSync(files)])
}
