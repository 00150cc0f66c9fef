import type { MemberRecord, MemberSummary } from 'or3-provider-kit'

export function toMemberSummary(member: MemberRecord): MemberSummary {
  return {
    userId: member.userId,
    email: member.email ?? null,
    displayName: member.displayName ?? null,
    role: member.role,
  }
}
