import { describe, expect, it } from 'vitest'
import { parseHlc } from 'or3-provider-kit'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'

describe('hybrid logical clock', () => {
  it('formats fixed-width stamps whose string order follows issue order, even when the wall clock stands still or goes back', () => {
    let wall = 1_700_000_000_000
    const clock = createHybridLogicalClock('dev-a', () => wall)
    const stamps = [clock.next(), clock.next()]
    wall -= 5_000
    stamps.push(clock.next())
    wall += 10_000
    stamps.push(clock.next())
    expect(stamps[0]).toBe('1700000000000:0000:dev-a')
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(stamps.length)
  })

  it('borrows the next millisecond when the counter would overflow', () => {
    const clock = createHybridLogicalClock('dev-a', () => 1_000)
    let last = ''
    for (let i = 0; i < 10_001; i++) {
      const next = clock.next()
      expect(next > last).toBe(true)
      last = next
    }
    expect(parseHlc(last)).toEqual({ ms: 1_001, counter: 0, node: 'dev-a' })
  })

  it('orders local stamps after every remote stamp it received, even from a clock far ahead', () => {
    const clock = createHybridLogicalClock('dev-a', () => 1_000)
    clock.receive('0000000009000:0042:dev-b')
    const next = clock.next()
    expect(next > '0000000009000:0042:dev-b').toBe(true)
    expect(parseHlc(next)).toMatchObject({ ms: 9_000, counter: 44 })
    clock.receive('not an hlc')
    expect(clock.next() > next).toBe(true)
  })
})
