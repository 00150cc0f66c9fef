import type { WorkspaceStore } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

const { users, workspaces, members, invitations } = CONVEX_FUNCTIONS

/**
 * Users, workspaces, memberships and invitations in the deployment. Calls run as the request's
 * user (the token the auth provider's broker minted), so the functions authorize them again and
 * take the user from the verified token: a method's `userId` or invitee is that token's user.
 * Management calls made outside a request run as the OR3 server, which the functions allow on
 * any workspace; the ownership invariants hold whoever calls.
 */
export function createConvexWorkspaceStore(convex: DeploymentClient): WorkspaceStore {
  return {
    id: 'convex',
    // The profile (email, name, verified) comes from the token's claims, never from arguments.
    getOrCreateUser: () => convex.mutation(users.getOrCreate, {}, { idempotent: true }),
    ensurePersonalWorkspace: () => convex.mutation(workspaces.ensurePersonal, {}, { idempotent: true }),
    listWorkspaces: () => convex.query(workspaces.list),
    createWorkspace: (_userId, input) => convex.mutation(workspaces.create, { ...input }),
    updateWorkspace: (workspaceId, patch) => convex.mutation(workspaces.update, { workspaceId, ...patch }, { idempotent: true }),
    removeWorkspace: (workspaceId) => convex.mutation(workspaces.remove, { workspaceId }),
    getRole: (userId, workspaceId) => convex.query(workspaces.getRole, { workspaceId, userId }),
    setMemberRole: (workspaceId, userId, role) => convex.mutation(members.setRole, { workspaceId, userId, role }, { idempotent: true }),
    listMembers: (workspaceId) => convex.query(members.list, { workspaceId }),
    getActiveWorkspaceId: () => convex.query(workspaces.getActive),
    setActiveWorkspaceId: (_userId, workspaceId) => convex.mutation(workspaces.setActive, { workspaceId }, { idempotent: true }),

    createInvitation: (input) => convex.mutation(invitations.create, { ...input }),
    listInvitations: (workspaceId) => convex.query(invitations.listForWorkspace, { workspaceId }),
    listInvitationsFor: () => convex.query(invitations.listMine),
    findInvitationByTokenHash: (tokenHash) => convex.query(invitations.findByTokenHash, { tokenHash }),
    acceptInvitation: (ref) => convex.mutation(invitations.accept, { ref }),
    declineInvitation: (ref) => convex.mutation(invitations.decline, { ref }),
    revokeInvitation: (workspaceId, invitationId) => convex.mutation(invitations.revoke, { workspaceId, invitationId }, { idempotent: true }),
  }
}
