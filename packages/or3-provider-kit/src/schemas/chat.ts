import { z } from 'zod'

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([
    z.string(),
    z.array(z.record(z.string(), z.unknown())).max(64),
  ]),
})

/** `POST /api/chat/stream`: an OpenAI-compatible request plus OR3's background option. */
export const chatStreamRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(chatMessageSchema).min(1).max(500),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().max(200_000).optional(),
    workspaceId: z.string().max(128).optional(),
    background: z
      .object({ threadId: z.string().min(1).max(128), messageId: z.string().min(1).max(128) })
      .strict()
      .optional(),
  })
  .strict()
export type ChatStreamRequest = z.infer<typeof chatStreamRequestSchema>

export const chatBackgroundStartedSchema = z.object({ jobId: z.string(), status: z.literal('running') })
