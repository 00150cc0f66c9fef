// The workspace tables' rows and their mapping to the kit's records are the kit's, shared by
// every relational store.
export {
  toInvitation,
  toMembership,
  toUser,
  toWorkspace,
  type InvitationRow,
  type MembershipRow,
  type StoredInvitationStatus,
  type UserRow,
  type WorkspaceRow,
} from 'or3-provider-kit/server'
