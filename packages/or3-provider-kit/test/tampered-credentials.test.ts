import { describe, expect, it } from 'vitest'
import { tamperedCredentials } from '../src/testing/index.ts'

describe('tamperedCredentials', () => {
  it('changes the bytes a base64url signature decodes to, even where its last character holds unused bits', () => {
    // 32 bytes (an HMAC-SHA256) whose base64url text ends in 'A': 'B' there would decode to the same bytes.
    const signature = Buffer.alloc(32, 7).toString('base64url').slice(0, -1) + 'A'
    const original = Buffer.from(signature, 'base64url')
    const { headers } = tamperedCredentials({ headers: { authorization: `Bearer payload.${signature}`, cookie: `a=payload.${signature}; b=1` } })
    const tamperedSignature = (value: string) => value.split('.').at(-1)!.split(';')[0]!
    expect(Buffer.from(tamperedSignature(headers.authorization!), 'base64url').equals(original)).toBe(false)
    expect(Buffer.from(tamperedSignature(headers.cookie!), 'base64url').equals(original)).toBe(false)
    expect(headers.cookie).toMatch(/; b=[^1]$/)
  })
})
