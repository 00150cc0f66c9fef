import { MAX_PASSWORD_LENGTH } from './settings'

/**
 * Password hashing. Passwords are NFC-normalized first so the same password typed on two
 * keyboards (composed vs decomposed accents) verifies the same.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC')
}

/** Length as a person counts it: code points, not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, minLength: number): string | null {
  const length = passwordLength(password)
  if (length < minLength) return `Use at least ${minLength} characters for your password`
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters for your password`
  return null
}

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(normalizePassword(password), { algorithm: 'argon2id' })
}

export function hashPasswordSync(password: string): string {
  return Bun.password.hashSync(normalizePassword(password), { algorithm: 'argon2id' })
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(normalizePassword(password), hash)
}

/**
 * A hash no password matches, verified when the email is unknown so that a miss costs the same
 * argon2id work as a wrong password: response time does not reveal which emails have accounts.
 */
export function createDummyHash(): () => Promise<string> {
  let dummy: Promise<string> | undefined
  return () => (dummy ??= hashPassword(crypto.randomUUID()))
}
