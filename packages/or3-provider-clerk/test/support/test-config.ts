import type { Or3CloudConfig } from 'or3-provider-kit'
import { testCloudConfig } from 'or3-provider-kit/testing'

/** A complete cloud config with Clerk selected; tests override the sections they exercise. */
export function testConfig(overrides: { allowedOrigins?: string[]; trustProxy?: boolean } = {}): Or3CloudConfig {
  return testCloudConfig({
    auth: { provider: 'clerk', workspaceProvider: 'sqlite' },
    sync: { enabled: true, provider: 'sqlite' },
    security: { allowedOrigins: overrides.allowedOrigins, trustProxy: overrides.trustProxy },
  })
}
