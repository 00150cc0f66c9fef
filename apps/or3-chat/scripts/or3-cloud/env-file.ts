import { existsSync, readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'

/** Lines the wizard writes for itself start with this, so a later run can replace them. */
const MARK = '# or3-cloud:'

export interface EnvFile {
  path: string
  exists: boolean
  values: Record<string, string>
  lines: string[]
}

export function readEnvFile(path: string): EnvFile {
  if (!existsSync(path)) return { path, exists: false, values: {}, lines: [] }
  const text = readFileSync(path, 'utf8')
  return { path, exists: true, values: parseEnv(text) as Record<string, string>, lines: text.split('\n') }
}

/**
 * The next env file: the wizard's block (its header and every key it owns, in `values` order),
 * then every other line of the existing file as it was. Keys the wizard owns but no longer sets
 * (a provider that is no longer selected) are dropped.
 */
export function renderEnvFile(existing: EnvFile, owned: ReadonlySet<string>, values: Record<string, string>, description: string): string {
  const kept = existing.lines.filter((line) => !line.startsWith(MARK) && !owned.has(keyOf(line) ?? ''))
  while (kept.length > 0 && kept[0]!.trim() === '') kept.shift()
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop()
  const block = [
    `${MARK} written by \`bun run or3-cloud init\` (${description}). Keep it private: it holds secrets.`,
    `${MARK} run the wizard again to change these; lines below the blank line are yours and are kept.`,
    ...Object.entries(values).map(([key, value]) => `${key}=${quote(value)}`),
  ]
  return `${[...block, ...(kept.length > 0 ? ['', ...kept] : [])].join('\n')}\n`
}

/** `"value"`, with newlines as `\n`: read the same way by Bun's loader, Nuxt's and node:util. */
function quote(value: string): string {
  return `"${value.replace(/\r?\n/g, '\\n')}"`
}

function keyOf(line: string): string | undefined {
  return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1]
}
