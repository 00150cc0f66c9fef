import type { ErrorEnvelope } from 'or3-provider-kit'
import { BASIC_AUTH_PATHS, type SignedInResponse } from '../shared/wire'

/** A failed call, as a form shows it: one message, plus messages by field name. */
export interface Failure {
  message: string
  fields: Record<string, string[]>
}

/** The basic-auth routes, called from the browser with Nuxt's `$fetch` (same origin, cookies included). */
export const basicAuthApi = {
  signIn: (body: { email: string; password: string }) =>
    $fetch<SignedInResponse>(BASIC_AUTH_PATHS.signIn, { method: 'POST', body }),
  register: (body: { email: string; password: string; displayName?: string }) =>
    $fetch<SignedInResponse>(BASIC_AUTH_PATHS.register, { method: 'POST', body }),
  signOut: () => $fetch<{ signedOut: true }>(BASIC_AUTH_PATHS.signOut, { method: 'POST' }),
  // Bounded: the app waits for a due refresh before it starts.
  refresh: () => $fetch<SignedInResponse>(BASIC_AUTH_PATHS.refresh, { method: 'POST', timeout: 10_000 }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    $fetch<{ changed: true }>(BASIC_AUTH_PATHS.changePassword, { method: 'POST', body }),
}

/** The HTTP status of a failed `$fetch`, or undefined when the request never got an answer. */
export function failureStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return typeof status === 'number' ? status : undefined
}

/** Reads the kit's ErrorEnvelope out of a `$fetch` error; a network failure gets a plain message. */
export function describeFailure(error: unknown): Failure {
  const data = (error as { data?: unknown } | null)?.data as Partial<ErrorEnvelope> | undefined
  if (data?.error && typeof data.error.message === 'string') {
    return { message: data.error.message, fields: data.error.fields ?? {} }
  }
  if (failureStatus(error) === undefined) {
    return { message: 'The server could not be reached; check your connection and try again', fields: {} }
  }
  return { message: 'Something went wrong; try again', fields: {} }
}
