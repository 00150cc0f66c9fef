// `or3-provider-convex/testing`: TEST DOUBLES for OR3's tests, never part of a server bundle.
// A local Convex deployment (convex-test running the real functions behind the HTTP API the real
// ConvexHttpClient speaks), a token issuer like the OR3 server's, and the backend folder prepared
// from the templates with offline codegen.
export { startDeploymentDouble, type DeploymentDouble, type DeploymentDoubleOptions } from './deployment-double'
export { createLocalBackend, type LocalBackend, type LocalBackendOptions, type TransactionLimits } from './local-backend'
export { createTestIssuer, SERVER_SUBJECT, type TestIssuer, type TokenClaims } from './test-issuer'
export { createTokenVerifier, TokenRejectedError, type AuthProviderConfig, type OidcKeys } from './token-verifier'
export { readAuthConfig } from './auth-config'
export { convexPackageDir, prepareTemplateBackend, runOfflineCodegen, type PreparedBackend } from './prepare-backend'
export { loadFunctionModules, type FunctionKind, type FunctionModules } from './function-modules'
