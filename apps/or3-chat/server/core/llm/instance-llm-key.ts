import type { LlmEndpointConfig } from 'or3-provider-kit'

type Env = Record<string, string | undefined>

/**
 * The deployment's own key for one endpoint (env `OR3_LLM_API_KEY`, or `OR3_LLM_<ID>_API_KEY` for
 * an endpoint of OR3_LLM_ENDPOINTS). SERVER ONLY: it is read here on demand and never copied into
 * the config, the public runtime config, a response or a log line. The config only knows which
 * variable holds it and whether it is set (`hasInstanceKey`).
 */
export function readInstanceLlmKey(
  endpoint: Pick<LlmEndpointConfig, 'instanceKeyEnv'> = { instanceKeyEnv: 'OR3_LLM_API_KEY' },
  env: Env = process.env,
): string | null {
  const key = env[endpoint.instanceKeyEnv]?.trim()
  return key ? key : null
}

const INSTANCE_KEY_NAME = /^OR3_LLM_(?:[A-Z0-9_]+_)?API_KEY$/

/** Every instance key of every endpoint, for scrubbing them from anything that is logged or shown. */
export function allInstanceLlmKeys(env: Env = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => INSTANCE_KEY_NAME.test(name) && value?.trim())
    .map(([, value]) => value!.trim())
}
