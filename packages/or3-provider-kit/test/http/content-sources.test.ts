import { afterEach, describe, expect, it } from 'vitest'
import { allowContentSources, allowedContentSources, resetContentSources } from '../../src/server.ts'

afterEach(() => resetContentSources())

describe('allowContentSources', () => {
  it('collects remote origins by directive, without duplicates', () => {
    allowContentSources({ 'script-src': ['https://clerk.example.com'], 'connect-src': ['https://*.clerk.accounts.dev', 'wss://rt.example.com:443'] })
    allowContentSources({ 'script-src': ['https://clerk.example.com'] })
    expect(allowedContentSources()['script-src']).toEqual(['https://clerk.example.com'])
    expect(allowedContentSources()['connect-src']).toEqual(['https://*.clerk.accounts.dev', 'wss://rt.example.com:443'])
    expect(allowedContentSources()['frame-src']).toEqual([])
  })

  it('takes plain http and ws on loopback names only (local services have no TLS)', () => {
    const loopback = ['http://localhost:8080', 'http://or3.localhost:3000/__clerk', 'ws://127.0.0.1:9000', 'http://[::1]:5173']
    allowContentSources({ 'connect-src': loopback })
    expect(allowedContentSources()['connect-src']).toEqual(loopback)
    for (const bad of ['http://localhost.evil.example', 'http://127.0.0.2', 'ws://10.0.0.1:9000', 'http://localhost:80@evil.example']) {
      expect(() => allowContentSources({ 'connect-src': [bad] }), bad).toThrow(/not an https/)
    }
  })

  it('refuses keywords, schemes and plain http, so scripts can never be trusted inline', () => {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'nonce-abc'", 'https:', 'data:', '*', 'http:', 'http://cdn.example.com', 'https://a.example.com; script-src *']) {
      expect(() => allowContentSources({ 'script-src': [bad] }), bad).toThrow(/not an https/)
    }
    expect(allowedContentSources()['script-src']).toEqual([])
  })
})
