import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../shared/config/presets'
import { collectSettings, type CollectInput } from '../../../scripts/or3-cloud/collect-settings'
import { WizardInputError } from '../../../scripts/or3-cloud/wizard-errors'

const CLERK = {
  NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`,
  NUXT_CLERK_SECRET_KEY: 'sk_live_secret',
  OR3_ALLOWED_ORIGINS: 'https://chat.example.com',
}

function input(overrides: Partial<CollectInput>): CollectInput {
  return { selection: PRESETS.embedded, set: {}, environment: {}, existing: {}, askOptional: false, ask: null, ...overrides }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(WizardInputError)
  return (error as Error).message
}

describe('collecting the settings a selection needs', () => {
  it('takes --set over the environment over the env file, and keeps a generated secret on the next run', async () => {
    const first = await collectSettings(input({}))
    expect(first.values.OR3_BASIC_AUTH_SECRET).toMatch(/^[\w-]{43}$/)
    expect(first.sources.OR3_BASIC_AUTH_SECRET).toBe('generated')
    const again = await collectSettings(input({ existing: first.values }))
    expect(again.values.OR3_BASIC_AUTH_SECRET).toBe(first.values.OR3_BASIC_AUTH_SECRET)

    const clerk = await collectSettings(
      input({
        selection: PRESETS['clerk-sqlite'],
        set: { OR3_ALLOWED_ORIGINS: 'https://set.example.com' },
        environment: { ...CLERK, OR3_ALLOWED_ORIGINS: 'https://env.example.com' },
        existing: { NUXT_CLERK_SECRET_KEY: 'sk_live_old' },
      }),
    )
    expect(clerk.values).toMatchObject({ OR3_ALLOWED_ORIGINS: 'https://set.example.com', NUXT_CLERK_SECRET_KEY: 'sk_live_secret' })
    expect(clerk.sources).toMatchObject({ OR3_ALLOWED_ORIGINS: 'set', NUXT_CLERK_SECRET_KEY: 'environment' })
  })

  it('names a required key that is missing when it may not ask', async () => {
    const message = await refusal(collectSettings(input({ selection: PRESETS['clerk-sqlite'], environment: { ...CLERK, NUXT_CLERK_SECRET_KEY: undefined } })))
    expect(message).toMatch(/^NUXT_CLERK_SECRET_KEY is required here .*: pass --set NUXT_CLERK_SECRET_KEY=<value>/)
  })

  it('asks for required keys, and for optional ones only on a first run', async () => {
    const asked: string[] = []
    const ask = async (spec: { key: string }) => {
      asked.push(spec.key)
      return spec.key === 'OR3_CONVEX_URL' ? 'https://happy-otter-123.convex.cloud' : ''
    }
    await collectSettings(input({ selection: PRESETS['basic-auth-convex'], ask, askOptional: false }))
    expect(asked).toEqual(['OR3_CONVEX_URL'])
    asked.length = 0
    await collectSettings(input({ selection: PRESETS['basic-auth-convex'], ask, askOptional: true }))
    expect(asked).toEqual(['OR3_ALLOWED_ORIGINS', 'OR3_LLM_API_KEY', 'OR3_CONVEX_URL'])
  })

  it('refuses invalid values in one sentence, without repeating a secret', async () => {
    expect(await refusal(collectSettings(input({ selection: PRESETS['basic-auth-convex'], set: { OR3_CONVEX_URL: 'not a url' } })))).toBe(
      "OR3_CONVEX_URL must be an http(s) URL such as https://happy-otter-123.convex.cloud (got 'not a url').",
    )
    expect(await refusal(collectSettings(input({ selection: PRESETS['clerk-sqlite'], environment: { ...CLERK, OR3_ALLOWED_ORIGINS: 'https://chat.example.com/app' } })))).toMatch(/takes origins/)
    const secret = await refusal(collectSettings(input({ selection: PRESETS['clerk-sqlite'], environment: { ...CLERK, NUXT_CLERK_SECRET_KEY: 'pk_oops_secret' } })))
    expect(secret).not.toContain('pk_oops_secret')
    expect(await refusal(collectSettings(input({ set: { OR3_LLM_API_KEY: 'a$b' } })))).toMatch(/cannot store safely/)
  })

  it("refuses a setting of a provider the selection does not use, so it isn't silently dropped", async () => {
    expect(await refusal(collectSettings(input({ set: { OR3_CONVEX_URL: 'https://x.convex.cloud' } })))).toMatch(/OR3_CONVEX_URL is a setting of convex/)
  })
})
