import { expect } from 'vitest'

/** One caller of the deployment: a user's token, the OR3 server's, or none. */
export interface Actor {
  readonly label: string
  query<T = unknown>(path: string, args?: Record<string, unknown>): Promise<T>
  mutation<T = unknown>(path: string, args?: Record<string, unknown>): Promise<T>
}

export interface UserActor extends Actor {
  /** The OR3 user id `users:getOrCreate` gave this identity. */
  id: string
  email: string
  /** The user's personal workspace. */
  personalWorkspaceId: string
}

/** Asserts that `promise` is refused by a function with `ConvexError({ code })`. */
export async function expectRefusal(promise: Promise<unknown>, code: string, because: string): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught, `${because}: expected a ConvexError ${code}, but the call succeeded`).toBeDefined()
  const data = (caught as { data?: { code?: string } }).data
  expect(data?.code, `${because}: ${String((caught as Error).message)}`).toBe(code)
}
