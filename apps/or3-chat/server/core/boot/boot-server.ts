import type { Or3CloudConfig } from 'or3-provider-kit'
import {
  createMemoryBackgroundJobStore,
  createMemoryRateLimitStore,
  getServerRegistries,
} from 'or3-provider-kit/server'
import { resolveActiveProviders, type ActiveProviders } from '../providers/active-providers'
import { describeFallback, findFallbacks, findRegistrationProblems } from './check-providers'
import { describeStartup } from './startup-summary'

export class ProviderBootError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProviderBootError'
  }
}

/**
 * Registers core's single-process stores, checks the config against what providers registered,
 * and resolves every provider once. Strict mode turns a missing provider into a boot failure;
 * otherwise it is a warning and that surface answers 404.
 */
export function bootProviders(
  config: Or3CloudConfig,
  env: Record<string, string | undefined>,
  log: Pick<Console, 'info' | 'warn'> = console,
): ActiveProviders {
  const registries = getServerRegistries()
  if (!registries.limits.has('memory')) registries.limits.register('memory', () => createMemoryRateLimitStore())
  if (!registries.jobs.has('memory')) registries.jobs.register('memory', () => createMemoryBackgroundJobStore())

  const problems = findRegistrationProblems(config, registries)
  if (problems.length > 0 && config.strict) throw new ProviderBootError(problems.map((p) => p.message).join('\n'))
  const active = resolveActiveProviders(config, env)
  if (problems.length > 0) {
    // Lenient: say for each missing provider what runs instead, not just that something is missing.
    const consequences = findFallbacks(config, active).map(describeFallback)
    log.warn(`${problems.map((p) => p.message).join('\n')}\nOR3_STRICT is off, so the server starts anyway:\n- ${consequences.join('\n- ')}`)
  }
  for (const line of describeStartup(config, active, env)) log.info(line)
  return active
}
