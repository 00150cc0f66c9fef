import type { SyncedTable } from 'or3-provider-kit'

/**
 * kv names that never leave the device. Secrets (a user's own LLM key) must not reach the server
 * or other devices; device-local settings (this screen's layout, this device's sync choices)
 * are meaningless elsewhere. Matching is by prefix, so `api_key:openrouter` is a secret.
 */
export const SECRET_KV_PREFIXES = ['api_key:', 'secret:'] as const
export const DEVICE_LOCAL_KV_PREFIXES = ['device:', 'local:'] as const

export function isSecretKvName(name: string): boolean {
  return SECRET_KV_PREFIXES.some((prefix) => name.startsWith(prefix))
}

export function isDeviceLocalKvName(name: string): boolean {
  return DEVICE_LOCAL_KV_PREFIXES.some((prefix) => name.startsWith(prefix))
}

/** Whether a write to this row produces a pending op (and so may be pushed). */
export function shouldSyncRow(table: SyncedTable, pk: string): boolean {
  if (table !== 'kv') return true
  return !isSecretKvName(pk) && !isDeviceLocalKvName(pk)
}
