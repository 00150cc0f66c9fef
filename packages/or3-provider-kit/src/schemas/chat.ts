import { z } from 'zod'
import { workspaceIdSchema } from './common.ts'

/**
 * The header that carries the user's own LLM key to `/api/chat/stream` and `/api/models`. A
 * header, never the body, so the key stays out of anything that logs or stores request bodies.
 */
export const USER_LLM_KEY_HEADER = 'x-or3-user-key'

/**
 * Which endpoint the user's key in USER_LLM_KEY_HEADER belongs to (an endpoint id from
 * `GET /api/models`); absent means the default endpoint. The key is used for that endpoint only.
 */
export const USER_LLM_KEY_ENDPOINT_HEADER = 'x-or3-user-key-endpoint'

/** Reasoning effort, for models that offer it (OpenAI's `reasoning_effort` values). */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number]

/** Messages one chat request may carry; clients trim older ones to fit (the session answer says so). */
export const MAX_CHAT_MESSAGES = 500
/** Content parts (text, images, files) of one message. */
export const MAX_CONTENT_PARTS = 64

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([
    z.string(),
    z.array(z.record(z.string(), z.unknown())).max(MAX_CONTENT_PARTS),
  ]),
})

/** `POST /api/chat/stream`: an OpenAI-compatible request plus OR3's background option. */
export const chatStreamRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(chatMessageSchema).min(1).max(MAX_CHAT_MESSAGES),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().max(200_000).optional(),
    topP: z.number().min(0).max(1).optional(),
    reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
    /** Where the finished-job notification goes; send it with `background`. */
    workspaceId: workspaceIdSchema.optional(),
    background: z
      .object({ threadId: z.string().min(1).max(128), messageId: z.string().min(1).max(128) })
      .strict()
      .optional(),
  })
  .strict()
export type ChatStreamRequest = z.infer<typeof chatStreamRequestSchema>

export const chatBackgroundStartedSchema = z.object({ jobId: z.string(), status: z.literal('running') })
export type ChatBackgroundStarted = z.infer<typeof chatBackgroundStartedSchema>

/** How much of the first exchange a title request may carry: enough to name it, too little to be a free chat. */
export const MAX_TITLE_SOURCE_CHARS = 2_000

/**
 * `POST /api/chat/title`: the first question and answer of a thread, and the model that answered
 * (used unless the server names its own title model).
 */
export const chatTitleRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    question: z.string().min(1).max(MAX_TITLE_SOURCE_CHARS),
    answer: z.string().max(MAX_TITLE_SOURCE_CHARS),
  })
  .strict()
export type ChatTitleRequest = z.infer<typeof chatTitleRequestSchema>

/** `title` is null when titles are off on this server or the model gave none (the reason is in the server log). */
export const chatTitleResponseSchema = z.object({ title: z.string().min(1).max(200).nullable() })
export type ChatTitleResponse = z.infer<typeof chatTitleResponseSchema>

/**
 * `GET /api/models`: the upstreams' model lists, normalized. With several endpoints every id is
 * `<endpoint>::<upstream id>` and `endpoints` names them (the fields are absent on older servers).
 */
export const modelListResponseSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      contextLength: z.number().int().positive().nullable(),
      /** The endpoint id the model belongs to. */
      endpoint: z.string().optional(),
      /** True when the upstream says the model takes a reasoning effort. */
      reasoning: z.boolean().optional(),
    }),
  ),
  defaultModel: z.string(),
  endpoints: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
  /** Endpoints whose list could not be read this time, with the reason for the user. */
  unavailable: z.array(z.object({ endpoint: z.string(), message: z.string() })).optional(),
})
export type ModelListResponse = z.infer<typeof modelListResponseSchema>
