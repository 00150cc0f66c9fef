import type { WorkspaceStore } from '../contracts/server.ts'
import { workspaceIdSchema, workspaceRoleSchema } from '../schemas/common.ts'
import {
  createInvitationInputSchema,
  invitationRefSchema,
  invitationTokenHashSchema,
  inviteeSchema,
  providerIdentitySchema,
  storeIdSchema,
} from '../schemas/store-inputs.ts'
import { createWorkspaceRequestSchema, invitationIdSchema, updateWorkspaceRequestSchema } from '../schemas/workspaces.ts'
import { wrapMethods, type AdapterOptions, type ArgumentSchemas, type Implementation } from './define-adapter.ts'

type Methods = Omit<WorkspaceStore, 'id'>

/** The storage logic of a workspace store: every argument arrives checked. */
export type WorkspaceStoreImplementation = AdapterOptions & { [K in keyof Methods]: Implementation<Methods[K]> }

const userId = ['userId', storeIdSchema] as const
const workspaceId = ['workspaceId', workspaceIdSchema] as const
const invitee = ['invitee', inviteeSchema] as const
const ref = ['invitation', invitationRefSchema] as const

const SCHEMAS: { [K in keyof Methods]: ArgumentSchemas } = {
  getOrCreateUser: [['identity', providerIdentitySchema]],
  ensurePersonalWorkspace: [userId],
  listWorkspaces: [userId],
  createWorkspace: [userId, ['workspace', createWorkspaceRequestSchema]],
  updateWorkspace: [workspaceId, ['workspace update', updateWorkspaceRequestSchema]],
  removeWorkspace: [workspaceId],
  getRole: [userId, workspaceId],
  setMemberRole: [workspaceId, userId, ['role', workspaceRoleSchema.nullable()]],
  listMembers: [workspaceId],
  getActiveWorkspaceId: [userId],
  setActiveWorkspaceId: [userId, workspaceId],
  createInvitation: [['invitation', createInvitationInputSchema]],
  listInvitations: [workspaceId],
  listInvitationsFor: [invitee],
  findInvitationByTokenHash: [['tokenHash', invitationTokenHashSchema]],
  acceptInvitation: [ref, invitee],
  declineInvitation: [ref, invitee],
  revokeInvitation: [workspaceId, ['invitationId', invitationIdSchema]],
}

/**
 * A WorkspaceStore from its storage logic. The factory checks every argument (ids, identities,
 * names, invitation inputs: emails normalized) once and maps backend failures through `mapError`;
 * the store keeps the ownership invariants (see the contract) with the kit's rules.
 */
export function defineWorkspaceStore(implementation: WorkspaceStoreImplementation): WorkspaceStore {
  return { id: implementation.id, ...(wrapMethods(implementation, SCHEMAS) as unknown as Methods) }
}

