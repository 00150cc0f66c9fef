import { describe, expect, it } from 'vitest'
import { SYNC_LIMITS, type PendingOp } from '../src/schemas/sync.ts'
import { checkOpLimits, compareStamps, opFingerprint, payloadBytes } from '../src/sync/stamps.ts'
import { makeHlc, putOp } from '../src/testing/fixtures.ts'

const stamp = (clock: number, hlc: string, opId: string) => ({ clock, hlc, opId })

describe('compareStamps', () => {
  it('orders by clock first, whatever hlc and opId say', () => {
    expect(compareStamps(stamp(2, 'a', 'a'), stamp(1, 'z', 'z'))).toBeGreaterThan(0)
    expect(compareStamps(stamp(1, 'z', 'z'), stamp(2, 'a', 'a'))).toBeLessThan(0)
  })

  it('compares clocks as numbers, not text', () => {
    expect(compareStamps(stamp(10, 'a', 'a'), stamp(9, 'a', 'a'))).toBeGreaterThan(0)
  })

  it('breaks a clock tie by hlc, then an hlc tie by opId', () => {
    expect(compareStamps(stamp(5, makeHlc(2000), 'a'), stamp(5, makeHlc(1000), 'z'))).toBeGreaterThan(0)
    expect(compareStamps(stamp(5, makeHlc(1000), 'op-b'), stamp(5, makeHlc(1000), 'op-a'))).toBeGreaterThan(0)
    expect(compareStamps(stamp(5, makeHlc(1000), 'op-a'), stamp(5, makeHlc(1000), 'op-b'))).toBeLessThan(0)
  })

  it('is 0 only for the same stamp, and antisymmetric', () => {
    const stamps = [stamp(1, 'a', 'x'), stamp(1, 'a', 'y'), stamp(1, 'b', 'x'), stamp(2, 'a', 'x')]
    for (const a of stamps) {
      for (const b of stamps) {
        const ab = Math.sign(compareStamps(a, b))
        const ba = Math.sign(compareStamps(b, a))
        expect(ab + ba, `${JSON.stringify(a)} vs ${JSON.stringify(b)} and back`).toBe(0)
        expect(ab === 0).toBe(a === b)
      }
    }
  })
})

describe('opFingerprint', () => {
  const base = putOp('t1', { title: 'x', nested: { a: 1, b: 2 } }, { clock: 3, opId: 'op-1' })

  it('is the same for the same content in another key order', () => {
    const reordered: PendingOp = {
      stamp: { clock: 3, opId: 'op-1', hlc: base.stamp.hlc, deviceId: base.stamp.deviceId },
      pk: 't1',
      payload: { ...Object.fromEntries(Object.entries(base.payload!).reverse()), nested: { b: 2, a: 1 } },
      operation: 'put',
      tableName: 'threads',
      opId: 'op-1',
    }
    expect(opFingerprint(reordered)).toBe(opFingerprint(base))
  })

  it('changes with the payload, the row, the operation and the stamp', () => {
    const variants: PendingOp[] = [
      { ...base, payload: { ...base.payload, title: 'y' } },
      { ...base, pk: 't2' },
      { ...base, tableName: 'messages' },
      { ...base, operation: 'delete', payload: undefined },
      { ...base, stamp: { ...base.stamp, hlc: makeHlc(99) } },
      { ...base, stamp: { ...base.stamp, clock: 4 } },
    ]
    const fingerprints = new Set([base, ...variants].map(opFingerprint))
    expect(fingerprints.size).toBe(variants.length + 1)
  })
})

describe('checkOpLimits', () => {
  // `{"b":"..."}` is 8 bytes around the string.
  const sized = (bytes: number) => ({ ...putOp('t1'), payload: { b: 'x'.repeat(bytes - 8) } })

  it('accepts a payload of exactly the limit and refuses one byte more as TOO_LARGE', () => {
    const atLimit = sized(SYNC_LIMITS.maxPayloadBytes)
    expect(payloadBytes(atLimit.payload)).toBe(SYNC_LIMITS.maxPayloadBytes)
    expect(checkOpLimits(atLimit)).toBeNull()
    expect(checkOpLimits(sized(SYNC_LIMITS.maxPayloadBytes + 1))?.code).toBe('TOO_LARGE')
  })

  it('counts UTF-8 bytes, not characters', () => {
    const op = { ...putOp('t1'), payload: { b: 'é'.repeat(SYNC_LIMITS.maxPayloadBytes / 2) } }
    expect(JSON.stringify(op.payload).length).toBeLessThan(SYNC_LIMITS.maxPayloadBytes)
    expect(checkOpLimits(op)?.code).toBe('TOO_LARGE')
  })

  it('refuses a put without a payload; a delete needs none', () => {
    expect(checkOpLimits({ ...putOp('t1'), payload: undefined })?.code).toBe('VALIDATION')
    expect(checkOpLimits({ ...putOp('t1'), operation: 'delete', payload: undefined })).toBeNull()
  })
})
