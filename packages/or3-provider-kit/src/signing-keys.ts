import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { storedSecret } from './secrets.ts'

// RS256 signing keys for tokens the OR3 server issues to another service (e.g. the JWTs a Convex
// deployment verifies against OR3's JWKS): from a PEM in env, or generated once (RSA 2048) into
// `<data dir>/secrets.json` beside the other generated secrets. Node's crypto only: no JOSE
// library on the server path.

/**
 * The issuer OR3's tokens carry unless `OR3_JWT_ISSUER` names another: an identifier the
 * receiving service compares, never fetched (`.invalid` is reserved for exactly that).
 */
export const DEFAULT_OR3_JWT_ISSUER = 'https://or3.invalid'

/** `OR3_JWT_ISSUER`, or the default: every OR3 token issuer of a deployment uses this one value. */
export function or3JwtIssuer(env: Record<string, string | undefined>): string {
  return env.OR3_JWT_ISSUER?.trim() || DEFAULT_OR3_JWT_ISSUER
}

/** A JSON Web Key as a JWKS lists it: the DOM type plus the key id. */
export type Jwk = JsonWebKey & { kid?: string }

export interface Jwks {
  keys: Jwk[]
}

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key: stable for a key, different for another. */
  kid: string
  privateKey: KeyObject
  /** The public half, as a JWKS entry (`kid`, `alg: RS256`, `use: sig`). */
  publicJwk: Jwk
}

export interface SigningKeyOptions {
  env: Record<string, string | undefined>
  /** Env var holding a PKCS#8 or PKCS#1 PEM; `\n` escapes (as env files write them) are accepted. */
  envVar: string
  /** Key in the secrets file when the env var is unset. */
  name: string
}

export function resolveSigningKey({ env, envVar, name }: SigningKeyOptions): SigningKey {
  const fromEnv = env[envVar]?.trim()
  const pem = fromEnv ? fromEnv.replace(/\\n/g, '\n') : storedSecret(env, name, generateRsaPem)
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem)
  } catch {
    throw new Error(`${fromEnv ? envVar : `the '${name}' entry of secrets.json`} is not a PEM private key`)
  }
  if (privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error(`${fromEnv ? envVar : `the '${name}' entry of secrets.json`} must be an RSA key of at least 2048 bits (RS256)`)
  }
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' })
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url')
  return { kid, privateKey, publicJwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } }
}

function generateRsaPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

export interface JwtClaims {
  iss: string
  sub: string
  aud: string
  /** Seconds since the epoch. */
  iat: number
  exp: number
  [claim: string]: unknown
}

/** A compact RS256 JWT of `claims`, signed with `key` and naming its `kid`. */
export function signJwt(key: SigningKey, claims: JwtClaims): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${encode(claims)}`
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`
}

/** A JWKS of the keys' public halves, e.g. to merge the keys of two token issuers. */
export function jwksOf(...keys: Array<Jwks | Jwk>): Jwks {
  const all = keys.flatMap((entry) => ('keys' in entry && Array.isArray(entry.keys) ? entry.keys : [entry as Jwk]))
  return { keys: [...new Map(all.map((key) => [key.kid ?? JSON.stringify(key), key])).values()] }
}

/** `data:application/json;base64,...`: a JWKS a service reads with no network path to OR3. */
export function jwksDataUri(jwks: Jwks): string {
  return `data:application/json;base64,${Buffer.from(JSON.stringify(jwks)).toString('base64')}`
}
