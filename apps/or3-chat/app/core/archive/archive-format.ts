import { z } from 'zod'
import { DEVICE_ONLY_ROW_FIELDS, PK_FIELD } from '../db/synced-rows'
import { hashBytes } from '../storage/hash-blob'

/**
 * The OR3 archive, format version 1: a zip holding
 *   tables/<table>-<n>.jsonl          the rows of a table, one JSON object a line, in parts of
 *                                     ROWS_PER_PART rows (so neither side holds one giant string)
 *   attachments/<hex>/<file name>     each attachment's bytes, as the file it was
 *   or3-archive.json                  the manifest: what the archive holds, with a SHA-256 of every
 *                                     part, because zip readers do not check the bytes they inflate
 * Rows travel as they are, with every field (also fields this version does not know), so an
 * archive of a newer or older OR3 loses nothing on the way through.
 */
export const ARCHIVE_FORMAT = 'or3-archive'
export const ARCHIVE_VERSION = 1
export const MANIFEST_PATH = 'or3-archive.json'
export const ROWS_PER_PART = 500

/** The synced tables an archive carries, in the order an import writes them. Notifications are per member and stay out. */
export const ARCHIVE_TABLES = ['projects', 'file_meta', 'threads', 'messages', 'posts', 'kv'] as const
export type ArchiveTable = (typeof ARCHIVE_TABLES)[number]

/** Fields a row gets from the device that writes it: an import writes rows anew, so these are dropped. */
export const WRITER_OWNED_FIELDS: readonly string[] = ['clock', 'hlc', 'updated_at', 'deleted', 'deleted_at', ...DEVICE_ONLY_ROW_FIELDS]

export const blobHashSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/)

const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.number().int().positive(),
  scope: z.enum(['thread', 'workspace']),
  exported_at: z.number(),
  parts: z.array(z.object({ path: z.string().min(1), table: z.enum(ARCHIVE_TABLES), rows: z.number().int().nonnegative(), sha256: z.string() })),
  attachments: z.array(z.object({ path: z.string().min(1), hash: blobHashSchema, size: z.number().int().nonnegative() })),
})
export type ArchiveManifest = z.infer<typeof manifestSchema>

/** The fields an import relies on; every other field is kept as it is (loose objects). */
const text = z.string()
const id = z.string().min(1).max(200)
const time = z.number().finite()
export const ARCHIVE_ROW_SCHEMAS = {
  projects: z.looseObject({ id, name: text, created_at: time }),
  file_meta: z.looseObject({ hash: blobHashSchema, name: text, mime_type: text, size_bytes: z.number().int().nonnegative(), created_at: time }),
  threads: z.looseObject({ id, title: text, created_at: time }),
  messages: z.looseObject({
    id,
    thread_id: id,
    role: z.enum(['user', 'assistant', 'system', 'tool']),
    content: text,
    index: z.number().finite(),
    file_hashes: z.array(blobHashSchema),
    created_at: time,
  }),
  posts: z.looseObject({ id, post_type: text, created_at: time }),
  kv: z.looseObject({ name: z.string().min(1).max(500) }),
} satisfies Record<ArchiveTable, z.ZodType>

export type ArchiveRow = Record<string, unknown>

/** What an import writes, already checked: rows by table and attachment bytes by hash. */
export interface ImportPlan {
  rows: Record<ArchiveTable, ArchiveRow[]>
  blobs: Map<string, Blob>
}

export function emptyPlan(): ImportPlan {
  return { rows: { projects: [], file_meta: [], threads: [], messages: [], posts: [], kv: [] }, blobs: new Map() }
}

export const primaryKeyOf = (table: ArchiveTable, row: ArchiveRow): string => row[PK_FIELD[table]] as string

/** The row's own content: what an import hands to the local writer. */
export function rowContent(row: ArchiveRow): ArchiveRow {
  const writerOwned = new Set(WRITER_OWNED_FIELDS)
  return Object.fromEntries(Object.entries(row).filter(([field]) => !writerOwned.has(field)))
}

/**
 * Why a file was not imported, in one sentence a user can act on. Thrown before anything is
 * written, or by the import transaction (which then writes nothing).
 */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportRefusedError'
  }
}

export const damaged = (detail: string) => new ImportRefusedError(`This archive is damaged or incomplete (${detail}), so nothing was imported.`)

/** The manifest, or why this zip is not an archive this version can import. */
export function parseManifest(bytes: Uint8Array): ArchiveManifest {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw damaged('its table of contents is unreadable')
  }
  const head = z.object({ format: z.literal(ARCHIVE_FORMAT), version: z.number() }).safeParse(json)
  if (!head.success) throw damaged('its table of contents is not an OR3 one')
  if (head.data.version !== ARCHIVE_VERSION) {
    const newer = head.data.version > ARCHIVE_VERSION
    throw new ImportRefusedError(
      newer
        ? `This archive was made by a newer OR3 (format version ${head.data.version}; this one reads version ${ARCHIVE_VERSION}), so nothing was imported: update OR3 and try again.`
        : `This archive has format version ${head.data.version}, which this OR3 cannot read (it reads version ${ARCHIVE_VERSION}), so nothing was imported.`,
    )
  }
  const manifest = manifestSchema.safeParse(json)
  if (!manifest.success) throw damaged('its table of contents is malformed')
  return manifest.data
}

/** Lowercase hex SHA-256 of bytes (the manifest's check of each part). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return (await hashBytes(bytes)).slice('sha256:'.length)
}

/** A file name safe inside a zip on every system: no folders, no control or reserved characters. */
export function safeFileName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^\.+/, '').trim().slice(0, 120)
  return cleaned || fallback
}
