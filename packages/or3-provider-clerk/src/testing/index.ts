// `or3-provider-clerk/testing`: TEST DOUBLES of Clerk's HTTP APIs for offline tests (this
// package's, the host's and the matrix's). Never imported by the module or its runtime.
export {
  startClerkBackendDouble,
  type ClerkBackendDouble,
  type ClerkBackendDoubleOptions,
  type DoubleUser,
  type JwtTemplate,
  type RecordedRequest,
  type SessionTokenOptions,
} from './backend-api-double'
export { createInstanceSigningKey, publishableKeyFor, SESSION_TOKEN_CATEGORY, type InstanceSigningKey } from './signing-key'
export { startClerkFrontendDouble, type ClerkFrontendDouble, type ClerkFrontendDoubleOptions } from './frontend-api-double'
