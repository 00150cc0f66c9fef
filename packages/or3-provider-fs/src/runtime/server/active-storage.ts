import type { FsStorageGateway } from './storage-gateway'

/**
 * The gateway the fs routes serve. The registry creates it when core resolves storage 'fs' at
 * boot; until then (or when another storage provider is selected) the routes answer 404, so
 * installing this package never opens a door the configuration did not ask for.
 */
const GLOBAL_KEY = Symbol.for('or3.provider-fs.active-storage')

type Holder = typeof globalThis & { [GLOBAL_KEY]?: FsStorageGateway | null }

export function setActiveFsStorage(gateway: FsStorageGateway | null): void {
  ;(globalThis as Holder)[GLOBAL_KEY] = gateway
}

export function getActiveFsStorage(): FsStorageGateway | null {
  return (globalThis as Holder)[GLOBAL_KEY] ?? null
}
