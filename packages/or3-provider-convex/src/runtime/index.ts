// The package's "." entry: the deployment's function names and version, the server's token
// issuer (for the setup wizard: the JWKS and issuer a deployment must trust), and the factories
// that build the provider's contracts without Nuxt (tests, tools).
export { BACKEND_VERSION, CONVEX_FUNCTIONS, SERVER_SUBJECT } from './functions'
export { convexServerIssuer, convexServerJwks, SERVER_KEY_ENV } from './server/server-credential'
export { createConvexProvider, type ConvexProvider, type ConvexProviderOptions } from './server/convex-provider'
export { resolveConvexSettings, type ConvexSettings, type ConvexSyncMode } from './server/settings'
export { deploymentSettingsFrom, type DeploymentSettings } from './server/deployment-settings'
