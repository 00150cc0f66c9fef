import type { TokenUsage } from '#shared/chat-stream/token-usage'

const grouped = new Intl.NumberFormat('en-US')
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** `short` for the label (`1.2K in · 340 out`), `long` with exact figures for the tooltip and screen readers. */
export function describeTokenUsage(usage: TokenUsage): { short: string; long: string } {
  return {
    short: `${compact.format(usage.input)} in · ${compact.format(usage.output)} out`,
    long: `${grouped.format(usage.input)} tokens in, ${grouped.format(usage.output)} tokens out`,
  }
}
