// Proves the suites are not vacuous: for each deliberately broken implementation, the case aimed
// at its defect fails, and the same case passes against the correct implementation.
import { describe, expect, it } from 'vitest'
import type { SyncGatewayAdapter } from '../src/contracts/server.ts'
import { createMemoryBackgroundJobStore } from '../src/memory/background-job-store.ts'
import { createMemoryRateLimitStore } from '../src/memory/rate-limit-store.ts'
import { createSyncNotificationEmitter } from '../src/notifications/sync-notification-emitter.ts'
import {
  adminAdapterCases,
  authProviderCases,
  backgroundJobStoreCases,
  createMemoryAdminAdapter,
  createMemoryAuth,
  notificationEmitterCases,
  tokenBrokerCases,
  type AdminAdapterFactory,
  type AuthProviderFactory,
  type NotificationEmitterFactory,
  type TokenBrokerFactory,
  createMemoryStorageGateway,
  createMemorySyncGateway,
  createMemoryWorkspaceStore,
  MissingCapabilityError,
  rateLimitStoreCases,
  storageGatewayCases,
  syncGatewayCases,
  workspaceStoreCases,
  type BackgroundJobStoreFactory,
  type ConformanceCase,
  type RateLimitStoreFactory,
  type StorageGatewayFactory,
  type SyncGatewayFactory,
  type WorkspaceStoreFactory,
} from '../src/testing/index.ts'
import * as brokenAdmin from './broken/admin-adapters.ts'
import * as brokenAuth from './broken/auth-providers.ts'
import * as brokenJobs from './broken/background-job-stores.ts'
import * as brokenNotifications from './broken/notification-emitters.ts'
import { racyVersions } from './broken/racy-sync-gateway.ts'
import * as brokenLimits from './broken/rate-limit-stores.ts'
import * as brokenStorage from './broken/storage-gateways.ts'
import * as brokenSync from './broken/sync-gateways.ts'
import * as brokenWorkspaces from './broken/workspace-stores.ts'

/** The one case whose name contains `fragment`. */
function caseNamed<F>(cases: readonly ConformanceCase<F>[], fragment: string): ConformanceCase<F> {
  const matches = cases.filter((c) => c.name.includes(fragment))
  if (matches.length !== 1) throw new Error(`expected one case matching '${fragment}', found ${matches.length}`)
  return matches[0]!
}

/** A case "fails" only through its assertions or the provider's errors, not a missing method or a bug here. */
async function expectCaseToFail<F>(conformanceCase: ConformanceCase<F>, factory: F): Promise<void> {
  const failure = await conformanceCase.run(factory).then(
    () => null,
    (error: unknown) => error,
  )
  expect(failure, `"${conformanceCase.name}" passed against the broken implementation`).not.toBeNull()
  expect(failure).not.toBeInstanceOf(MissingCapabilityError)
  expect(failure).not.toBeInstanceOf(TypeError)
  expect(failure).not.toBeInstanceOf(ReferenceError)
}

function proveSuite<F>(
  suite: string,
  cases: readonly ConformanceCase<F>[],
  correct: F,
  broken: Record<string, { factory: F; caughtBy: string[] }>,
): void {
  describe(`${suite} suite is not vacuous`, () => {
    it('has unique case names', () => {
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length)
    })
    for (const [defect, { factory, caughtBy }] of Object.entries(broken)) {
      for (const fragment of caughtBy) {
        it(`${defect}: fails "${fragment}", which passes on the correct implementation`, async () => {
          const conformanceCase = caseNamed(cases, fragment)
          await expectCaseToFail(conformanceCase, factory)
          await conformanceCase.run(correct)
        })
      }
    }
  })
}

proveSuite<SyncGatewayFactory>('SyncGatewayAdapter', syncGatewayCases, {
  create: ({ now, retentionMs }) => createMemorySyncGateway({ now, retentionMs }),
}, {
  'non-idempotent push': {
    factory: brokenSync.forgetfulPush,
    caughtBy: ['replayed opId in a later batch', 'same op twice in one batch', 'opId reused with other content'],
  },
  'pull and snapshot ignore the workspace': {
    factory: brokenSync.sharedTenancy,
    caughtBy: ["never show another workspace's rows", 'opIds, versions and device cursors are per workspace', 'watch:'],
  },
  'last arrival wins instead of (clock, hlc, opId)': {
    factory: brokenSync.arrivalOrderWins,
    caughtBy: ['a lower clock loses', 'equal clocks are ordered by hlc', 'equal clocks and hlcs are ordered by opId', 'never resurrects'],
  },
  'versions allocated outside the write transaction': {
    factory: racyVersions,
    caughtBy: ['concurrent pushes get distinct, contiguous versions'],
  },
  'cursor moves backwards': { factory: brokenSync.backwardsCursor, caughtBy: ['updateCursor: only moves forward'] },
  'GC ignores active cursors': {
    factory: brokenSync.gcIgnoresCursors,
    caughtBy: ['never removes a row an active device still needs'],
  },
  'no requiresSnapshot below the GC horizon': {
    factory: brokenSync.neverRequiresSnapshot,
    caughtBy: ['below the GC horizon answers requiresSnapshot', 'idle for longer than retention'],
  },
  'snapshot pages not pinned': { factory: brokenSync.unpinnedSnapshot, caughtBy: ['snapshot: pins its version'] },
  'snapshot drops tombstones': {
    factory: brokenSync.snapshotWithoutTombstones,
    caughtBy: ['tombstones included', 'delete: leaves a tombstone'],
  },
  'oversize payload fails the whole batch': { factory: brokenSync.wholeBatchTooLarge, caughtBy: ['payload over 64 KiB'] },
  'batches of any size accepted': { factory: brokenSync.unboundedBatch, caughtBy: ['more than 100 ops'] },
  'tables filter ignored': { factory: brokenSync.ignoresTablesFilter, caughtBy: ['pull: tables limits'] },
  'pull limit ignored': { factory: brokenSync.ignoresPullLimit, caughtBy: ['paged by limit with hasMore and nextCursor'] },
  'watch never notifies': { factory: brokenSync.silentWatch, caughtBy: ['watch:'] },
  'tombstone GC ignores age': { factory: brokenSync.gcTombstonesIgnoresAge, caughtBy: ['gcTombstones:'] },
})

proveSuite<WorkspaceStoreFactory>('WorkspaceStore', workspaceStoreCases, {
  create: ({ now }) => createMemoryWorkspaceStore({ now }),
}, {
  'lists every workspace': { factory: brokenWorkspaces.listsEveryWorkspace, caughtBy: ["only the user's own memberships"] },
  'duplicate users under concurrency': {
    factory: brokenWorkspaces.racyUserCreation,
    caughtBy: ['concurrent first calls create exactly one user'],
  },
  'every user is admin': { factory: brokenWorkspaces.everyoneIsAdmin, caughtBy: ['first user of a store is its admin'] },
  'removal keeps roles': {
    factory: brokenWorkspaces.removalKeepsAccess,
    caughtBy: ['removeWorkspace: every member loses access', 'invitations: die with their workspace'],
  },
  'profile never refreshed': { factory: brokenWorkspaces.frozenProfile, caughtBy: ["a returning identity's new email and name"] },
  'personal owner removable': { factory: brokenWorkspaces.personalOwnerRemovable, caughtBy: ["a personal workspace's owner can't be removed"] },
  'last owner removable': { factory: brokenWorkspaces.lastOwnerRemovable, caughtBy: ['keeps at least one owner'] },
  'personal workspace deletable': { factory: brokenWorkspaces.personalWorkspaceDeletable, caughtBy: ['nobody can delete a personal workspace'] },
  'members added without consent': { factory: brokenWorkspaces.addsWithoutConsent, caughtBy: ['joins by invitation only'] },
  'invitation accepted twice': { factory: brokenWorkspaces.acceptsTwice, caughtBy: ['the invitee a member with the invited role, once'] },
  'accept checks then writes': { factory: brokenWorkspaces.racyAccept, caughtBy: ['concurrent accepts of one link'] },
  'expiry ignored': { factory: brokenWorkspaces.ignoresExpiry, caughtBy: ["expire by the store's clock"] },
  'revoke ignored': { factory: brokenWorkspaces.revokeIsIgnored, caughtBy: ['a revoked invitation can no longer'] },
  'decline ignored': { factory: brokenWorkspaces.declineIsIgnored, caughtBy: ['declining leaves no membership'] },
  'unverified emails trusted': { factory: brokenWorkspaces.trustsUnverifiedEmail, caughtBy: ['matched by email only when it is verified'] },
  'any link matches': { factory: brokenWorkspaces.matchesAnyLink, caughtBy: ['a link is found by its hash only'] },
  'revoke crosses workspaces': { factory: brokenWorkspaces.revokesAcrossWorkspaces, caughtBy: ['invitations: stay in their workspace'] },
  "inviter's role not re-checked": { factory: brokenWorkspaces.ignoresInviterRole, caughtBy: ['never grant more than the inviter can'] },
  'accept lowers a role': { factory: brokenWorkspaces.acceptLowersRole, caughtBy: ['accepting never lowers'] },
})

proveSuite<StorageGatewayFactory>('StorageGatewayAdapter', storageGatewayCases, {
  create: ({ now, limits, uploadGraceMs }) => createMemoryStorageGateway({ now, limits, uploadGraceMs }),
}, {
  'no hash verification': { factory: brokenStorage.trustsClaimedHash, caughtBy: ['do not match their hash'] },
  'blobs shared across workspaces': { factory: brokenStorage.sharedBlobs, caughtBy: ["another workspace's blob"] },
  'commit without bytes': { factory: brokenStorage.commitWithoutBytes, caughtBy: ['before the bytes arrive'] },
  'size limit ignored': { factory: brokenStorage.ignoresSizeLimit, caughtBy: ['over maxFileBytes is TOO_LARGE'] },
  'GC ignores references': { factory: brokenStorage.gcIgnoresReferences, caughtBy: ['never removes a blob the workspace references'] },
  'commit not idempotent': { factory: brokenStorage.commitNotIdempotent, caughtBy: ['commit: idempotent'] },
  'refused bytes kept under the hash': { factory: brokenStorage.keepsRefusedBytes, caughtBy: ['do not match their hash'] },
})

proveSuite<RateLimitStoreFactory>('RateLimitStore', rateLimitStoreCases, {
  create: ({ now }) => createMemoryRateLimitStore({ now }),
}, {
  'read-then-write limiter': { factory: brokenLimits.nonAtomicLimiter, caughtBy: ['atomic'] },
  'one bucket for all keys': { factory: brokenLimits.sharedBucket, caughtBy: ['keys are counted independently'] },
  'ignores the injected clock': { factory: brokenLimits.wallClockLimiter, caughtBy: ['a new window starts after windowMs'] },
})

proveSuite<BackgroundJobStoreFactory>('BackgroundJobStore', backgroundJobStoreCases, {
  create: ({ now }) => createMemoryBackgroundJobStore({ now }),
}, {
  'append after abort': { factory: brokenJobs.appendsAfterAbort, caughtBy: ['abort: true for a running job'] },
  'byte offsets': { factory: brokenJobs.byteOffsets, caughtBy: ['UTF-16 code units'] },
  'offset ignored': { factory: brokenJobs.readIgnoresOffset, caughtBy: ['read(offset) returns the output from offset on'] },
  'no timeout for running jobs': { factory: brokenJobs.cleanupIgnoresTimeout, caughtBy: ['cleanupExpired'] },
  'ended jobs still counted': { factory: brokenJobs.countsEndedJobs, caughtBy: ['countRunning', 'admission caps'] },
  'admission checks then inserts': { factory: brokenJobs.racyAdmission, caughtBy: ['admission caps'] },
  'usage not kept': { factory: brokenJobs.dropsUsage, caughtBy: ['keeps the token usage'] },
})

describe('harness', () => {
  it('creates a fresh instance per case and cleans it up even when the case fails', async () => {
    const live = new Set<object>()
    let created = 0
    const tracked: SyncGatewayFactory<SyncGatewayAdapter & { tag: number }> = {
      create: async (settings) => {
        const instance = { ...(await brokenSync.forgetfulPush.create(settings)), tag: ++created }
        live.add(instance)
        return instance
      },
      cleanup: (instance) => live.delete(instance),
    }
    await expectCaseToFail(caseNamed(syncGatewayCases, 'replayed opId in a later batch'), tracked)
    await caseNamed(syncGatewayCases, 'pull: tables limits').run(tracked)
    expect(created, 'one instance per case').toBe(2)
    expect(live.size, 'every instance was cleaned up').toBe(0)
  })

  it('a case for a missing optional method reports MissingCapabilityError (skipped unless required)', async () => {
    const watchCase = caseNamed(syncGatewayCases, 'watch:')
    const withoutWatch: SyncGatewayFactory = {
      create: (settings) => ({ ...createMemorySyncGateway(settings), watch: undefined }),
    }
    await expect(watchCase.run(withoutWatch)).rejects.toBeInstanceOf(MissingCapabilityError)
  })
})

proveSuite<AuthProviderFactory>('AuthProvider', authProviderCases, {
  create: ({ now }) => {
    const auth = createMemoryAuth({ now })
    return { provider: auth.provider, signIn: (user) => auth.signIn(user), signOut: (c) => auth.signOut(c) }
  },
}, {
  'signature not checked': { factory: brokenAuth.skipsSignatureCheck, caughtBy: ['tampered credentials'] },
  'throws on garbage': { factory: brokenAuth.throwsOnGarbage, caughtBy: ['garbage in the credential headers'] },
  'sessions never expire': { factory: brokenAuth.ignoresExpiry, caughtBy: ['expired credentials'] },
  'sign-out keeps the session': { factory: brokenAuth.signOutKeepsSession, caughtBy: ['after sign-out'] },
  'two users share an identity': { factory: brokenAuth.sharedIdentity, caughtBy: ['two users are two'] },
  'session without expiresAt': { factory: brokenAuth.noExpiry, caughtBy: ['valid on the wire'] },
})

proveSuite<AuthProviderFactory & { clock: 'wall' }>('AuthProvider on the wall clock', authProviderCases, {
  clock: 'wall',
  create: () => {
    const auth = createMemoryAuth({ now: Date.now })
    return { provider: auth.provider, signIn: (user) => auth.signIn(user), signInExpired: (user) => auth.signIn(user, -1000) }
  },
}, {
  'sessions reported as already over': { factory: brokenAuth.expiredByTheWallClock, caughtBy: ['expiring after now'] },
})

proveSuite<TokenBrokerFactory>('ProviderTokenBroker', tokenBrokerCases, {
  create: ({ now }) => {
    const auth = createMemoryAuth({ now, mintsFor: { providerId: 'memory-target', template: 'memory' } })
    return {
      broker: auth.broker,
      signIn: (user) => auth.signIn(user),
      mints: { providerId: 'memory-target', template: 'memory', verify: (token) => auth.verifyMinted(token) },
      breakUpstream: async () => auth.breakUpstream(),
    }
  },
}, {
  'mints for signed-out callers': { factory: brokenAuth.mintsForAnyone, caughtBy: ['signed-out request gets null'] },
  'throws instead of null': { factory: brokenAuth.throwsInsteadOfNull, caughtBy: ['unknown template gets null', 'minting service fails'] },
  'one token for everyone': { factory: brokenAuth.oneTokenForEveryone, caughtBy: ['whose subject is the caller'] },
})

proveSuite<NotificationEmitterFactory>('NotificationEmitter', notificationEmitterCases, {
  create: ({ now }) => {
    const sync = createMemorySyncGateway({ now })
    return { sync, emitter: createSyncNotificationEmitter({ id: 'memory', gateway: sync, now }) }
  },
}, {
  'writes to the first workspace it saw': { factory: brokenNotifications.stickyWorkspace, caughtBy: ['seen only in its own workspace'] },
  'one row per thread': { factory: brokenNotifications.idPerThread, caughtBy: ['every call is a new row'] },
  'server rows always win': { factory: brokenNotifications.serverAlwaysWins, caughtBy: ['a device marking it read'] },
  'no validation': { factory: brokenNotifications.noValidation, caughtBy: ['invalid input'] },
})

proveSuite<AdminAdapterFactory>('ProviderAdminAdapter', adminAdapterCases, {
  create: () => {
    let up = true
    const secret = 'memory-secret-value-0123456789'
    const backend = { check: () => { if (!up) throw new Error('connection refused') } }
    return { adapter: createMemoryAdminAdapter({ secret, backend }), secrets: [secret], breakBackend: async () => { up = false } }
  },
}, {
  'shows a secret': { factory: brokenAdmin.showsSecret, caughtBy: ['never shows a secret'] },
  'throws when broken': { factory: brokenAdmin.throwsWhenBroken, caughtBy: ['broken backend'] },
  'always healthy': { factory: brokenAdmin.alwaysHealthy, caughtBy: ['broken backend'] },
  'wrong id': { factory: brokenAdmin.wrongId, caughtBy: ['contract shape'] },
})
