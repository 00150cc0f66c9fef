import { createHash } from 'node:crypto'

export const CTX = { userId: 'user-1' }
export const LIMITS = { maxFileBytes: 1024 * 1024, allowedMimeTypes: ['text/plain', 'image/*'] }

export function bytesOf(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text))
}

export function hashOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** A hand-moved clock, so GC ages objects without waiting. */
export function testClock(start = Date.UTC(2026, 0, 1)) {
  let current = start
  return { now: () => current, advance: (ms: number) => void (current += ms) }
}
