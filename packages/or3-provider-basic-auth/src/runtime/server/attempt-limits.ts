import { createHash } from 'node:crypto'
import { ProviderError, type RateLimitStore } from 'or3-provider-kit'
import { createMemoryRateLimitStore, getServerRegistries, type ProviderFactoryContext } from 'or3-provider-kit/server'

export interface AttemptRuleSettings {
  limit: number
  windowMs: number
  message: string
}

const MINUTE = 60 * 1000

/**
 * Guessing limits. Per IP slows one machine trying many accounts; per account *and* IP slows one
 * machine trying one account, without letting anyone lock an account out from elsewhere (a limit
 * per account alone would: ten wrong passwords from anywhere and its owner could not sign in).
 * Both count every attempt, successful or not, so a correct guess late in a burst gains nothing.
 * Failures also meet a growing pause (sign-in-backoff.ts).
 */
export const ATTEMPT_RULES = {
  signInPerIp: { limit: 50, windowMs: 15 * MINUTE, message: 'Too many sign-in attempts from your network' },
  signInPerAccountAndIp: {
    limit: 10,
    windowMs: 15 * MINUTE,
    message: 'Too many sign-in attempts for this account from your network',
  },
  registerPerIp: { limit: 10, windowMs: 60 * MINUTE, message: 'Too many new accounts from your network' },
  changePasswordPerAccount: { limit: 10, windowMs: 15 * MINUTE, message: 'Too many password change attempts' },
} satisfies Record<string, AttemptRuleSettings>

export type AttemptRule = keyof typeof ATTEMPT_RULES

export interface AttemptLimiter {
  /** Counts one attempt; throws RATE_LIMITED (with retry-after) when the rule's window is full. */
  consume(rule: AttemptRule, subject: string): Promise<void>
}

/**
 * Limits through the deployment's RateLimitStore (`limits.storageProvider`), resolved on first
 * use: the store's provider may register after this one, and shared stores make limits hold
 * across server instances.
 */
export function createAttemptLimiter(
  ctx: ProviderFactoryContext,
  now: () => number,
  rules: Record<AttemptRule, AttemptRuleSettings> = ATTEMPT_RULES,
): AttemptLimiter {
  let store: RateLimitStore | undefined
  const resolveStore = (): RateLimitStore => {
    if (store) return store
    const id = ctx.config.limits.storageProvider
    const registry = getServerRegistries().limits
    if (registry.has(id)) store = registry.resolve(id, ctx)
    else if (id === 'memory') store = createMemoryRateLimitStore({ now })
    else {
      throw new ProviderError(
        'NOT_CONFIGURED',
        `limits.storageProvider is '${id}' but no rate-limit store '${id}' is registered: ` +
          `install or3-provider-${id} and add 'or3-provider-${id}/nuxt' to or3.providers.generated.ts`,
      )
    }
    return store
  }

  return {
    async consume(rule, subject) {
      const { limit, windowMs, message } = rules[rule]
      const key = `basic-auth:${rule}:${hashSubject(subject)}`
      const decision = await resolveStore().consume(key, { windowMs, limit })
      if (decision.allowed) return
      const retryAfterSeconds = Math.max(1, Math.ceil((decision.resetAt - now()) / 1000))
      throw new ProviderError('RATE_LIMITED', `${message}; try again in ${formatWait(retryAfterSeconds)}`, {
        retryAfterSeconds,
      })
    },
  }
}

/** Subjects are hashed so emails and addresses never sit in a store (shared or not) as plain text. */
export function hashSubject(subject: string): string {
  return createHash('sha256').update(subject).digest('hex').slice(0, 32)
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}
