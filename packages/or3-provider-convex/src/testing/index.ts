// `or3-provider-convex/testing`: TEST DOUBLES for OR3's tests, never part of a server bundle.
// A local Convex deployment (convex-test running the real functions behind the HTTP API the real
// ConvexHttpClient speaks), a token issuer like the OR3 server's, and the backend folder prepared
// from the templates with offline codegen.
export { startDeploymentDouble, type DeploymentDouble, type DeploymentDoubleOptions } from './deployment-double.js'
export { createLocalBackend, type LocalBackend, type LocalBackendOptions, type TransactionLimits } from './local-backend.js'
export { createTestIssuer, SERVER_SUBJECT, type TestIssuer, type TokenClaims } from './test-issuer.js'
export { createTokenVerifier, TokenRejectedError, type AuthProviderConfig, type OidcKeys } from './token-verifier.js'
export { readAuthConfig } from './auth-config.js'
export { convexPackageDir, prepareTemplateBackend, runOfflineCodegen, type PreparedBackend } from './prepare-backend.js'
export { loadFunctionModules, type FunctionKind, type FunctionModules } from './function-modules.js'
