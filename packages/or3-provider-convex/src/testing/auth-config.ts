import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AuthProviderConfig } from './token-verifier'

/**
 * Evaluates a functions directory's `auth.config.ts` as a deploy would: with the deployment's
 * env vars set. A private copy is imported each time, because module loaders cache a file by its
 * path and the config reads `process.env` when it is evaluated. (The config may import types
 * only, as Convex's own template does.)
 */
export async function readAuthConfig(functionsDir: string): Promise<AuthProviderConfig[]> {
  const dir = mkdtempSync(join(tmpdir(), 'or3-convex-auth-'))
  const copy = join(dir, 'auth.config.ts')
  try {
    copyFileSync(join(functionsDir, 'auth.config.ts'), copy)
    const config = (await import(pathToFileURL(copy).href)) as { default: { providers: AuthProviderConfig[] } }
    for (const provider of config.default.providers) {
      const missing = 'domain' in provider ? !provider.domain : !provider.issuer || !provider.jwks
      if (missing) {
        throw new Error('auth.config.ts names a provider whose env vars are not set (OR3_JWT_ISSUER and OR3_JWKS, or CLERK_JWT_ISSUER_DOMAIN)')
      }
    }
    return config.default.providers
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
