import type { Or3CloudConfig } from 'or3-provider-kit'
import { testCloudConfig } from 'or3-provider-kit/testing'

/** A complete cloud config with basic-auth selected; tests override the sections they exercise. */
export function testConfig(overrides: {
  registration?: Or3CloudConfig['auth']['registration']
  bootstrapAdminEmail?: string | null
  allowedOrigins?: string[]
  trustProxy?: boolean
  limitsProvider?: string
} = {}): Or3CloudConfig {
  return testCloudConfig({
    auth: {
      provider: 'basic-auth',
      workspaceProvider: 'sqlite',
      registration: overrides.registration,
      bootstrapAdminEmail: overrides.bootstrapAdminEmail,
    },
    sync: { enabled: true, provider: 'sqlite' },
    limits: { storageProvider: overrides.limitsProvider },
    security: { allowedOrigins: overrides.allowedOrigins, trustProxy: overrides.trustProxy },
  })
}
