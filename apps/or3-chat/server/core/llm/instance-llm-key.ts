/**
 * The deployment's own LLM key (env `OR3_LLM_API_KEY`). SERVER ONLY: it is read here on demand and
 * never copied into the config, the public runtime config, a response or a log line. The config
 * only knows whether it is set (`llm.hasInstanceKey`).
 */
export function readInstanceLlmKey(env: Record<string, string | undefined> = process.env): string | null {
  const key = env.OR3_LLM_API_KEY?.trim()
  return key ? key : null
}
