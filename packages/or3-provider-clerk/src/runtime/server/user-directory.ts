import type { ClerkClient, User } from '@clerk/backend'
import { isClerkAPIResponseError } from '@clerk/backend/errors'
import { ProviderError } from 'or3-provider-kit'
import type { BackendHealth } from './backend-health'

/** What OR3 keeps of a Clerk user: the primary email, whether Clerk verified it, and a name. */
export interface ClerkUserProfile {
  email?: string
  emailVerified: boolean
  displayName?: string
}

export interface UserDirectory {
  /** `null` when Clerk no longer knows the user (deleted since the token was minted). */
  getProfile(userId: string): Promise<ClerkUserProfile | null>
}

/** Enough for every active user of a large deployment; older entries go first. */
const MAX_CACHED_USERS = 10_000

/**
 * Reads users through the Backend API with a short per-user cache, so a burst of requests costs
 * one call per user, and an email change shows within `ttlMs`. Concurrent misses share one call.
 */
export function createUserDirectory(options: {
  client: Pick<ClerkClient, 'users'>
  health: BackendHealth
  ttlMs: number
  now: () => number
}): UserDirectory {
  const { client, health, ttlMs, now } = options
  const cache = new Map<string, { profile: ClerkUserProfile | null; fetchedAt: number }>()
  const inFlight = new Map<string, Promise<ClerkUserProfile | null>>()

  async function fetchProfile(userId: string): Promise<ClerkUserProfile | null> {
    let profile: ClerkUserProfile | null
    try {
      profile = toProfile(await client.users.getUser(userId))
      health.recordSuccess()
    } catch (error) {
      if (isClerkAPIResponseError(error) && error.status === 404) {
        health.recordSuccess()
        profile = null
      } else {
        health.recordFailure('reading a user', error)
        throw new ProviderError('UNAVAILABLE', 'Sign-in cannot be checked right now (Clerk is not answering); try again shortly', {
          retryAfterSeconds: 5,
        })
      }
    }
    cache.delete(userId)
    cache.set(userId, { profile, fetchedAt: now() })
    if (cache.size > MAX_CACHED_USERS) cache.delete(cache.keys().next().value!)
    return profile
  }

  return {
    async getProfile(userId) {
      const cached = cache.get(userId)
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.profile
      const pending = inFlight.get(userId)
      if (pending) return pending
      const request = fetchProfile(userId).finally(() => inFlight.delete(userId))
      inFlight.set(userId, request)
      return request
    },
  }
}

function toProfile(user: User): ClerkUserProfile {
  const primary = user.emailAddresses.find((address) => address.id === user.primaryEmailAddressId)
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim()
  return {
    email: primary?.emailAddress,
    emailVerified: primary?.verification?.status === 'verified',
    displayName: name || user.username || undefined,
  }
}
