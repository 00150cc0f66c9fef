// The package's "." entry: factories and pieces to build basic-auth without Nuxt (tests, tools).
export { createBasicAuth, ensureBasicAuth, installBasicAuth, useBasicAuth } from './server/basic-auth'
export type { BasicAuth, BasicAuthOptions } from './server/basic-auth'
export { createAuthService } from './server/auth-service'
export type { AuthService, RequestMeta, SignedInSession } from './server/auth-service'
export { createBasicAuthProvider } from './server/auth-provider'
export { createBasicAuthTokenBroker, MINTED_TOKEN_TTL_SECONDS } from './server/token-broker'
export { basicAuthIssuer, basicAuthJwks, JWT_PRIVATE_KEY_ENV } from './server/jwt-issuer'
export { createBasicAuthAdminAdapter } from './server/admin-adapter'
export { openAccountsDatabase, LATEST_SCHEMA_VERSION } from './server/database'
export {
  resolveBasicAuthSettings,
  ACCESS_TOKEN_TTL_MS,
  REFRESH_TOKEN_TTL_MS,
  REFRESH_REUSE_GRACE_MS,
  DEFAULT_MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './server/settings'
export type { BasicAuthSettings } from './server/settings'
export { ATTEMPT_RULES } from './server/attempt-limits'
export type { AttemptRule, AttemptRuleSettings } from './server/attempt-limits'
export { SIGN_IN_BACKOFF, type SignInBackoffSettings } from './server/sign-in-backoff'
export { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './server/cookies'
export * from './shared/wire'
