import type { Or3Session } from '../session/session-context'

/**
 * One line per admin action, for the operator's logs: who (the admin's user id), what, and on
 * which target (an account id). Never a token, link or password.
 */
export function auditAdminAction(session: Or3Session, action: string, target: string): void {
  console.info(`[or3] audit: ${session.user.id} ${action} ${target}`)
}
