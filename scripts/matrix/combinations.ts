/** Which provider packages a matrix host installs, and which SDKs must then be absent. */
export interface Combination {
  providers: string[]
  absentSdks: string[]
  env: Record<string, string>
  expectCloud: boolean
}

const CONVEX_SDKS = ['convex', 'convex-vue', 'convex-nuxt', '@convex-dev']
const ALL_SDKS = ['@clerk', ...CONVEX_SDKS]

export const COMBINATIONS: Record<string, Combination> = {
  'no-provider': { providers: [], absentSdks: ALL_SDKS, env: {}, expectCloud: false },
  embedded: {
    providers: ['or3-provider-basic-auth', 'or3-provider-sqlite', 'or3-provider-fs'],
    absentSdks: ALL_SDKS,
    env: {},
    expectCloud: true,
  },
  // Boots with Clerk selected and signed out, which needs well-formed keys but no Clerk service.
  'clerk-sqlite': {
    providers: ['or3-provider-clerk', 'or3-provider-sqlite', 'or3-provider-fs'],
    absentSdks: CONVEX_SDKS,
    env: {
      OR3_PRESET: 'clerk-sqlite',
      OR3_ALLOWED_ORIGINS: 'https://chat.matrix.test',
      NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.matrix.test$').toString('base64')}`,
      NUXT_CLERK_SECRET_KEY: 'sk_live_matrix_not_a_real_key',
    },
    expectCloud: true,
  },
}
