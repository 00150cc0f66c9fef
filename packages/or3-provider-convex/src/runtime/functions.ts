// The functions the OR3 backend folder deploys, by Convex path (`module:export`). Server code
// calls them by name (`makeFunctionReference`), so it needs no codegen of the host's backend.

/**
 * The version of the functions' interface these names belong to; the deployment reports its own
 * from `admin:status`. A package test keeps it equal to the templates'.
 */
export const BACKEND_VERSION = 3

/** The subject of the OR3 server's token: the identity server-only functions accept. */
export const SERVER_SUBJECT = 'or3-server'

export const CONVEX_FUNCTIONS = {
  users: { getOrCreate: 'users:getOrCreate', me: 'users:me' },
  workspaces: {
    ensurePersonal: 'workspaces:ensurePersonal',
    list: 'workspaces:list',
    create: 'workspaces:create',
    update: 'workspaces:update',
    remove: 'workspaces:remove',
    getRole: 'workspaces:getRole',
    getActive: 'workspaces:getActive',
    setActive: 'workspaces:setActive',
  },
  members: { setRole: 'members:setRole', list: 'members:list' },
  invitations: {
    create: 'invitations:create',
    listForWorkspace: 'invitations:listForWorkspace',
    listMine: 'invitations:listMine',
    findByTokenHash: 'invitations:findByTokenHash',
    accept: 'invitations:accept',
    decline: 'invitations:decline',
    revoke: 'invitations:revoke',
  },
  sync: {
    push: 'sync:push',
    pull: 'sync:pull',
    snapshot: 'sync:snapshot',
    updateCursor: 'sync:updateCursor',
    gcChangeLog: 'sync:gcChangeLog',
    gcTombstones: 'sync:gcTombstones',
    latestVersion: 'sync:latestVersion',
  },
  storage: {
    presignUpload: 'storage:presignUpload',
    commit: 'storage:commit',
    presignDownload: 'storage:presignDownload',
    gcCandidates: 'storage:gcCandidates',
    gc: 'storage:gc',
  },
  rateLimits: { consume: 'rateLimits:consume' },
  jobs: {
    create: 'jobs:create',
    append: 'jobs:append',
    complete: 'jobs:complete',
    fail: 'jobs:fail',
    abort: 'jobs:abort',
    read: 'jobs:read',
    countRunning: 'jobs:countRunningJobs',
    cleanupExpired: 'jobs:cleanupExpired',
  },
  notifications: { emit: 'notifications:emit' },
  admin: { configure: 'admin:configure', status: 'admin:status' },
} as const
