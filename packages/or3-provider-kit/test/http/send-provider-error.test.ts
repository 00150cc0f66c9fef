import { createApp, createRouter, defineEventHandler, toWebHandler } from 'h3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { httpStatusForCode, PROVIDER_ERROR_CODES, ProviderError } from '../../src/index.ts'
import { mapFileSystemError, sendProviderError, type ErrorMapper } from '../../src/server.ts'

function answering(error: unknown, mapError?: ErrorMapper) {
  return toWebHandler(
    createApp().use(
      createRouter().get('/x', defineEventHandler((event) => sendProviderError(event, error, { label: 'test', mapError }))),
    ),
  )(new Request('http://or3.test/x'))
}

afterEach(() => vi.restoreAllMocks())

describe('sendProviderError', () => {
  it('answers every code with the one status table, its message and no-store', async () => {
    for (const code of PROVIDER_ERROR_CODES) {
      const response = await answering(new ProviderError(code, `because ${code}`))
      expect(response.status, code).toBe(httpStatusForCode(code))
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(await response.json()).toEqual({ error: { code, message: `because ${code}` } })
    }
    expect(httpStatusForCode('VALIDATION')).toBe(400)
  })

  it('carries Retry-After and field errors', async () => {
    const response = await answering(new ProviderError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 7 }))
    expect(response.headers.get('retry-after')).toBe('7')
    const invalid = await answering(new ProviderError('VALIDATION', 'bad', { fields: { email: ['required'] } }))
    expect(await invalid.json()).toEqual({ error: { code: 'VALIDATION', message: 'bad', fields: { email: ['required'] } } })
  })

  it('answers anything else as a generic 500 and logs its message, never its stack', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const error = new Error('db password=hunter2 leaked?')
    const response = await answering(error)
    expect(response.status).toBe(500)
    const body = JSON.stringify(await response.json())
    expect(body).not.toContain('hunter2')
    expect(body).not.toContain('at ')
    expect(log).toHaveBeenCalledTimes(1)
    const line = String(log.mock.calls[0]?.[0])
    expect(line).toMatch(/^\[test\] unexpected error: db password/)
    expect(line).not.toContain(error.stack!.split('\n')[1]!.trim())
  })

  it("maps a route's backend failure with the route's mapper, as its adapters would", async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    const response = await answering(full, mapFileSystemError)
    expect([response.status, (await response.json()).error.message]).toEqual([503, 'The disk holding the files is full'])
  })
})
