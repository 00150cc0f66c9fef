import { v } from 'convex/values'

// Value sets stored in the schema and answered by the functions.

export const roleValidator = v.union(v.literal('owner'), v.literal('editor'), v.literal('viewer'))

export const jobStatusValidator = v.union(
  v.literal('running'),
  v.literal('completed'),
  v.literal('failed'),
  v.literal('aborted'),
)

export const invitationStatusValidator = v.union(
  v.literal('pending'),
  v.literal('accepted'),
  v.literal('declined'),
  v.literal('revoked'),
)
