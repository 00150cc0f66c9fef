import { describe, expect, it } from 'vitest'
import { SYNC_LIMITS, type PendingOp } from '../src/schemas/sync.ts'
import { canonicalJson, checkOpLimits, compareStamps, opFingerprint, payloadBytes } from '../src/sync/stamps.ts'
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

  it('is the fingerprint earlier versions stored for the same op', () => {
    // Computed by the first implementation; adapters keep such fingerprints in their op ledgers.
    const stored: PendingOp = {
      opId: 'op-1',
      tableName: 'messages',
      operation: 'put',
      pk: 'msg-1',
      payload: {
        id: 'msg-1', thread_id: 't-1', role: 'assistant', content: 'Grüße, "quoted" \u2028 and\nnewline 🎉', status: 'complete',
        model: null, file_hashes: ['sha256:ab', 'sha256:cd'], index: 3, job_id: null, created_at: 1700000000000, clock: 2,
        hlc: '1700000000000:0001:dev-a', updated_at: 1700000000001, deleted: false, deleted_at: null,
        context_left_out: { messages: 2, attachments: 0 }, score: -0.5, Zeta: 1, _under: true,
      },
      stamp: { deviceId: 'dev-a', opId: 'op-1', hlc: '1700000000000:0001:dev-a', clock: 2 },
    }
    expect(opFingerprint(stored)).toBe('689feff99954fad347933526f617aea65c039db67ce68801b3d7a655540a81bf')
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

describe('canonicalJson', () => {
  // The rule as first written (and as adapters stored fingerprints of it): the fast version must
  // give the same text for every value, or replays of stored ops would turn into conflicts.
  const rule = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
    if (Array.isArray(value)) return `[${value.map(rule).join(',')}]`
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${rule(v)}`).join(',')}}`
  }

  it('writes what the rule writes, for values that trip serializers', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3]
    const values: unknown[] = [
      { z: 1, a: { y: [3, { d: null, c: 'x' }], b: undefined }, m: [undefined, -0, NaN, Infinity, -1.5e-7, 2 ** 60] },
      { 'é': 1, e: 2, E: 3, '"quote"': 4, 'line\nbreak': 5, '': 6, '\u2028': 'sep\u2028', '🎉': '🎉', 10: 'ten', 9: 'nine' },
      { fn: () => 1, date: new Date(0), nested: [[[]], {}], big: Number.MAX_SAFE_INTEGER, flag: false },
      sparse,
      'plain',
      42,
      null,
      undefined,
      Array.from({ length: 40 }, (_, i) => ({ [`k${39 - i}`]: i, [`k${i}`]: -i })),
    ]
    for (const value of values) expect(canonicalJson(value), String(JSON.stringify(value))).toBe(rule(value))
    // A second pass takes the quoted keys from the cache.
    for (const value of values) expect(canonicalJson(value)).toBe(rule(value))
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
