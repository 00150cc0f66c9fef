import { readFileSync } from 'node:fs'
import {
  canonicalJson as kitCanonicalJson,
  compareStamps as kitCompareStamps,
  formatHlc,
  isMimeTypeAllowed as kitIsMimeTypeAllowed,
  SYNC_LIMITS as KIT_SYNC_LIMITS,
  SYNCED_TABLES as KIT_SYNCED_TABLES,
} from 'or3-provider-kit'
import { describe, expect, it } from 'vitest'
import { BACKEND_VERSION, SERVER_SUBJECT } from '../src/runtime/functions'
import { SERVER_SUBJECT as DOUBLE_SERVER_SUBJECT } from '../src/testing/test-issuer'
import { SERVER_SUBJECT as TEMPLATE_SERVER_SUBJECT, SYNC_LIMITS, SYNCED_TABLES } from '../templates/backend/convex/lib/protocol'
import { canonicalJson, compareStamps } from '../templates/backend/convex/lib/stamps'
import { isMimeTypeAllowed } from '../templates/backend/convex/lib/upload-policy'
import { BACKEND_VERSION as TEMPLATE_BACKEND_VERSION } from '../templates/backend/convex/lib/version'

// The Convex functions carry their own copy of the protocol's rules (they deploy with `convex`
// as their only dependency). These tests keep the copies equal to the kit's, the one source.

describe('templates agree with the provider kit', () => {
  it('sync limits and synced tables', () => {
    expect(SYNC_LIMITS, 'the limits').toEqual(KIT_SYNC_LIMITS)
    expect(SYNCED_TABLES, 'the tables').toEqual(KIT_SYNCED_TABLES)
  })

  it('last-writer-wins order, over stamps that differ in clock, hlc and opId', () => {
    const hlcs = [formatHlc({ ms: 1, counter: 0, node: 'a' }), formatHlc({ ms: 1, counter: 1, node: 'a' }), formatHlc({ ms: 2, counter: 0, node: 'b' })]
    const stamps = [0, 1, 7].flatMap((clock) => hlcs.flatMap((hlc) => ['op-a', 'op-b', 'op-B'].map((opId) => ({ clock, hlc, opId }))))
    for (const a of stamps) {
      for (const b of stamps) {
        expect(Math.sign(compareStamps(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(kitCompareStamps(a, b)))
      }
    }
  })

  it('canonical JSON, which op fingerprints hash', () => {
    const values = [{ b: 1, a: [3, { d: null, c: 'x' }] }, { z: undefined, y: 'ü', x: -0.5 }, [1, 'two', { '': true }], 'plain', null]
    for (const value of values) expect(canonicalJson(value), JSON.stringify(value)).toBe(kitCanonicalJson(value))
  })

  it('which file types a list of allowed types admits', () => {
    const rules = [['image/*'], ['text/plain', 'application/pdf'], ['*/*'], ['*'], [], ['IMAGE/PNG; charset=x']]
    const types = ['image/png', 'Image/PNG', 'text/plain; charset=utf-8', 'text/html', 'application/pdf', 'application/x-msdownload']
    for (const allowed of rules) {
      for (const type of types) {
        expect(isMimeTypeAllowed(type, allowed), `${type} under ${JSON.stringify(allowed)}`).toBe(kitIsMimeTypeAllowed(type, allowed))
      }
    }
  })

  it("the backend version and the server's subject are the same in the functions, the package and the double", () => {
    expect(BACKEND_VERSION, 'backend version').toBe(TEMPLATE_BACKEND_VERSION)
    expect([SERVER_SUBJECT, DOUBLE_SERVER_SUBJECT], 'server subject').toEqual([TEMPLATE_SERVER_SUBJECT, TEMPLATE_SERVER_SUBJECT])
  })

  it("the backend folder depends on the convex version this package is built with", () => {
    const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    const backend = JSON.parse(readFileSync(new URL('../templates/backend/package.json', import.meta.url), 'utf8'))
    expect(backend.dependencies, 'convex and nothing else').toEqual({ convex: own.dependencies.convex })
  })
})
