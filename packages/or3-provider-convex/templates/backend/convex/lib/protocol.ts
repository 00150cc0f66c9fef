import { fail } from './errors'

// OR3's protocol limits, as the provider kit states them (`SYNC_LIMITS`, the storage and
// workspace schemas). The functions check them again: the OR3 server is not the only possible
// caller of a public function. A package test keeps these equal to the kit's.

/**
 * The subject of the OR3 server's own token (issuer `OR3_JWT_ISSUER`). User tokens of that issuer
 * never carry it, so this identity can do server work but can never be mapped to a user.
 */
export const SERVER_SUBJECT = 'or3-server'

export const SYNCED_TABLES = ['threads', 'messages', 'projects', 'posts', 'kv', 'file_meta', 'notifications'] as const
export type SyncedTable = (typeof SYNCED_TABLES)[number]

export const SYNC_LIMITS = {
  maxOpsPerPush: 100,
  maxPayloadBytes: 64 * 1024,
  maxOpIdLength: 64,
  maxPkLength: 256,
  maxPullLimit: 1000,
  defaultPullLimit: 500,
  maxSnapshotLimit: 1000,
  defaultSnapshotLimit: 500,
} as const

export const TEXT_LIMITS = {
  workspaceName: 120,
  workspaceDescription: 2000,
  deviceId: 128,
  hlc: 128,
  email: 320,
  displayName: 200,
  fileName: 255,
  mimeType: 255,
} as const

/**
 * What one query or mutation may read before it answers with a partial page. Convex refuses a
 * transaction past 16 MiB read (and 16 MiB written); these budgets keep every page well inside
 * that, whatever the payload sizes.
 */
export const PAGE_BUDGET = { bytes: 8 * 1024 * 1024, documents: 4000 } as const

export function validation(message: string): never {
  return fail('VALIDATION', message)
}

export function checkText(value: string, field: string, max: number): string {
  if (value.length < 1 || value.length > max) validation(`${field} must be 1 to ${max} characters`)
  return value
}

export function checkCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) validation(`${field} must be a whole number, 0 or more`)
  return value
}

export function checkLimit(value: number | undefined, field: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1 || value > max) validation(`${field} must be a whole number from 1 to ${max}`)
  return value
}

export function checkTables(tables: string[] | undefined): Set<string> | null {
  if (tables === undefined) return null
  if (tables.length === 0) validation('tables, when given, must name at least one table')
  for (const table of tables) {
    if (!(SYNCED_TABLES as readonly string[]).includes(table)) validation(`${table} is not a synced table`)
  }
  return new Set(tables)
}

export const utf8Length = (text: string) => new TextEncoder().encode(text).length
