import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createClerkProvider, resolveClerkSettings } from '../src/runtime/index'
import { publishableKeyFor } from '../src/testing'
import { testConfig } from './support/test-config'

const LIVE = { NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('clerk.chat.example.com'), NUXT_CLERK_SECRET_KEY: 'sk_live_abc123' }
const TEST = { NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('happy-cat-1.clerk.accounts.dev', 'test'), NUXT_CLERK_SECRET_KEY: 'sk_test_abc123' }
const ORIGINS = ['https://chat.example.com']

function settingsFor(env: Record<string, string | undefined>, allowedOrigins = ORIGINS) {
  return resolveClerkSettings({ config: testConfig({ allowedOrigins }), env })
}

function refusal(env: Record<string, string | undefined>, allowedOrigins = ORIGINS): string {
  try {
    createClerkProvider({ config: testConfig({ allowedOrigins }), env })
  } catch (error) {
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NOT_CONFIGURED' })
    return (error as Error).message
  }
  throw new Error('expected the provider to refuse these settings')
}

describe('boot checks', () => {
  it('refuses to start without keys, in one sentence naming both env vars', () => {
    for (const env of [{}, { NUXT_CLERK_SECRET_KEY: 'sk_live_x' }, { NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: LIVE.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY, NUXT_CLERK_SECRET_KEY: '  ' }]) {
      expect(refusal(env)).toBe(
        'Clerk sign-in needs the instance\'s API keys: set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY and NUXT_CLERK_SECRET_KEY (Clerk dashboard → API keys)',
      )
    }
  })

  it('refuses keys that are not Clerk keys, or of two different instances', () => {
    expect(refusal({ ...LIVE, NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_bm90IGEga2V5' })).toMatch(/is not a Clerk publishable key/)
    expect(refusal({ ...LIVE, NUXT_CLERK_SECRET_KEY: 'secret' })).toMatch(/NUXT_CLERK_SECRET_KEY is not a Clerk secret key/)
    expect(refusal({ ...LIVE, NUXT_CLERK_SECRET_KEY: 'sk_test_abc' })).toMatch(/different kinds of Clerk instance/)
  })

  it('refuses test keys in production unless explicitly allowed, and flags them when allowed', () => {
    const production = { ...TEST, NODE_ENV: 'production' }
    expect(refusal(production)).toMatch(/^Clerk test keys \(pk_test_, sk_test_\) belong to a development instance.*OR3_CLERK_ALLOW_TEST_KEYS=true/)
    expect(refusal({ ...production, OR3_CLERK_ALLOW_TEST_KEYS: 'maybe' })).toMatch(/OR3_CLERK_ALLOW_TEST_KEYS must be true or false/)
    const allowed = settingsFor({ ...production, OR3_CLERK_ALLOW_TEST_KEYS: 'true' })
    expect(allowed).toMatchObject({ instanceType: 'development', testKeysInProduction: true })
    expect(settingsFor({ ...TEST, NODE_ENV: 'development' }).testKeysInProduction).toBe(false)
  })

  it('requires the deployment origins in production (they are the authorized parties)', () => {
    expect(refusal({ ...LIVE, NODE_ENV: 'production' }, [])).toMatch(/set OR3_ALLOWED_ORIGINS to the public origin/)
    expect(settingsFor({ ...LIVE, NODE_ENV: 'production' }, ['https://chat.example.com/', 'https://b.example.com:8443']).authorizedParties).toEqual([
      'https://chat.example.com',
      'https://b.example.com:8443',
    ])
    expect(settingsFor(LIVE, []).authorizedParties).toEqual([])
  })

  it('reads the frontend API host from the publishable key and takes a JWT key with escaped newlines', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const settings = settingsFor({ ...LIVE, NUXT_CLERK_JWT_KEY: pem.replace(/\n/g, '\\n'), NUXT_CLERK_API_URL: 'http://127.0.0.1:9/' })
    expect(settings).toMatchObject({ frontendApi: 'clerk.chat.example.com', instanceType: 'production', jwtKey: pem, apiUrl: 'http://127.0.0.1:9' })
  })

  it('takes a proxy URL or a proxy path, and refuses anything else', () => {
    expect(settingsFor({ ...LIVE, NUXT_PUBLIC_CLERK_PROXY_URL: 'https://chat.example.com/__clerk/' }).proxyUrl).toBe('https://chat.example.com/__clerk')
    expect(settingsFor({ ...LIVE, NUXT_PUBLIC_CLERK_PROXY_URL: '/__clerk' }).proxyUrl).toBe('/__clerk')
    expect(refusal({ ...LIVE, NUXT_PUBLIC_CLERK_PROXY_URL: '//evil.example' })).toMatch(/NUXT_PUBLIC_CLERK_PROXY_URL must be an http\(s\) URL/)
  })

  it('refuses a JWT key that is not a 2048-bit RSA public key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    for (const key of ['not a key', publicKey.export({ type: 'spki', format: 'pem' }).toString()]) {
      expect(refusal({ ...LIVE, NUXT_CLERK_JWT_KEY: key })).toMatch(/NUXT_CLERK_JWT_KEY is not the instance's PEM public key/)
    }
  })

  it('never puts a key in a refusal', () => {
    const secret = 'sk_live_supersecretvalue'
    expect(refusal({ ...LIVE, NUXT_CLERK_SECRET_KEY: secret, NUXT_CLERK_API_URL: 'ftp://x' })).not.toContain(secret)
  })
})
