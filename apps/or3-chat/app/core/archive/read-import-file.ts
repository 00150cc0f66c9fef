import { Unzip, UnzipInflate } from 'fflate'
import { damaged, ImportRefusedError, MANIFEST_PATH } from './archive-format'

/** What a chosen file turned out to be, read but not yet checked row by row. */
export type ImportSource =
  | { kind: 'or3'; manifest: Uint8Array; entries: Map<string, Uint8Array> }
  | { kind: 'chatgpt'; conversations: unknown }

/** More unpacked bytes than this is not an export a browser tab should hold (or a zip bomb). */
export const MAX_UNPACKED_BYTES = 2 * 1024 ** 3

export const notRecognized = () =>
  new ImportRefusedError('This file is neither an OR3 archive nor a ChatGPT export (conversations.json), so nothing was imported.')

const CHATGPT_FILE = 'conversations.json'

/**
 * Reads an OR3 archive (zip), a ChatGPT export (its zip, or the conversations.json inside it).
 * A zip is unpacked as a stream (fflate) from the file's own stream, keeping only the entries
 * an import uses; `onProgress` hears how many of the file's bytes were read.
 */
export async function readImportFile(file: Blob, onProgress?: (loaded: number, total: number) => void): Promise<ImportSource> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer())
  if (isZip(head)) return readZip(file, onProgress)
  if (looksLikeJson(head)) {
    const conversations = parseJson(await file.text(), () => notChatGpt())
    onProgress?.(file.size, file.size)
    return { kind: 'chatgpt', conversations }
  }
  throw notRecognized()
}

export const notChatGpt = () =>
  new ImportRefusedError('This JSON file is not a ChatGPT export (its conversations.json list of chats), so nothing was imported.')

function isZip(head: Uint8Array): boolean {
  // A local file header, or the end record of an empty zip.
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
}

function looksLikeJson(head: Uint8Array): boolean {
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart()
  return start.startsWith('[') || start.startsWith('{')
}

function parseJson(text: string, onError: () => Error): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw onError()
  }
}

/** Whether an entry is one an import reads (anything else in the zip is skipped unread). */
function wanted(name: string): boolean {
  return name === MANIFEST_PATH || name.startsWith('tables/') || name.startsWith('attachments/') || name.split('/').at(-1) === CHATGPT_FILE
}

async function readZip(file: Blob, onProgress?: (loaded: number, total: number) => void): Promise<ImportSource> {
  // A zip ends with its directory; without that end record the file was cut short.
  if (!(await hasEndRecord(file))) throw damaged('the file ends early')

  const entries = new Map<string, Uint8Array[]>()
  const finished = new Set<string>()
  let unpacked = 0
  let failure: Error | null = null
  const unzip = new Unzip((entry) => {
    if (!wanted(entry.name) || entries.has(entry.name)) return
    const chunks: Uint8Array[] = []
    entries.set(entry.name, chunks)
    entry.ondata = (error, data, final) => {
      if (error) {
        failure ??= error
        return
      }
      unpacked += data.length
      if (unpacked > MAX_UNPACKED_BYTES) {
        failure ??= new ImportRefusedError('This file unpacks to more than 2 GB, which is too much to import in a browser, so nothing was imported.')
        entry.terminate()
        return
      }
      chunks.push(data)
      if (final) finished.add(entry.name)
    }
    entry.start()
  })
  unzip.register(UnzipInflate)

  const reader = file.stream().getReader()
  let loaded = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      unzip.push(value, false)
      loaded += value.length
      onProgress?.(loaded, file.size)
      if (failure) break
    }
    if (!failure) unzip.push(new Uint8Array(0), true)
  } catch (error) {
    failure ??= error as Error
  } finally {
    reader.releaseLock()
  }
  if (failure instanceof ImportRefusedError) throw failure
  if (failure) throw damaged('a file in it cannot be unpacked')
  for (const name of entries.keys()) if (!finished.has(name)) throw damaged(`${name} is cut short`)

  const joined = new Map([...entries].map(([name, chunks]) => [name, concat(chunks)]))
  const manifest = joined.get(MANIFEST_PATH)
  if (manifest) return { kind: 'or3', manifest, entries: joined }
  const conversations = [...joined].find(([name]) => name.split('/').at(-1) === CHATGPT_FILE)?.[1]
  if (conversations) return { kind: 'chatgpt', conversations: parseJson(new TextDecoder().decode(conversations), () => notChatGpt()) }
  throw notRecognized()
}

async function hasEndRecord(file: Blob): Promise<boolean> {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 65_557)).arrayBuffer())
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail[at] === 0x50 && tail[at + 1] === 0x4b && tail[at + 2] === 5 && tail[at + 3] === 6) return true
  }
  return false
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
