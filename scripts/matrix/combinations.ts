/** Which provider packages a matrix host installs, and which SDKs must then be absent. */
export interface Combination {
  providers: string[]
  absentSdks: string[]
  env: Record<string, string>
  expectCloud: boolean
}

const ALL_SDKS = ['@clerk', 'convex', 'convex-vue', 'convex-nuxt', '@convex-dev']

export const COMBINATIONS: Record<string, Combination> = {
  'no-provider': { providers: [], absentSdks: ALL_SDKS, env: {}, expectCloud: false },
  embedded: {
    providers: ['or3-provider-basic-auth', 'or3-provider-sqlite', 'or3-provider-fs'],
    absentSdks: ALL_SDKS,
    env: {},
    expectCloud: true,
  },
}
