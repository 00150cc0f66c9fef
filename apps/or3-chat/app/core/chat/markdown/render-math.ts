import katex from 'katex'
import type { MarkedExtension, TokenizerAndRendererExtension, Tokens } from 'marked'
import { escapeHtml } from './highlight-code'

/**
 * The longest TeX source rendered as math. Model output is untrusted and re-rendered on every
 * streamed frame, so a runaway expression is shown as code instead of costing the page seconds.
 */
export const MAX_MATH_SOURCE = 4000

/**
 * KaTeX settings for untrusted TeX. `trust: false` turns \href, \url, \includegraphics and the
 * \html* commands into inert red text; `maxExpand` stops macro bombs; `maxSize` caps the sizes
 * (in em) a formula may ask for, so it cannot cover the page; errors render as text, never throw.
 */
const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxExpand: 1000,
  maxSize: 20,
  output: 'htmlAndMathml',
} as const

interface MathToken extends Tokens.Generic {
  type: 'inlineMath' | 'blockMath'
  tex: string
  display: boolean
}

/** Display math on its own lines: `$$ … $$`. */
const BLOCK_MATH = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/
/** Inline display math `$$…$$`, or `$…$` that hugs its content and is not followed by a digit ("$5 and $10" stays text). */
const INLINE_MATH = /^(?:\$\$((?:\\[\s\S]|[^\\$])+?)\$\$|\$(?![\s$])((?:\\[\s\S]|[^\\$\n])*?(?:\\[\s\S]|[^\\\s$]))\$(?!\d))/

/** The index of the first `$` that is not escaped, or -1. */
function firstDollar(src: string): number {
  for (let index = src.indexOf('$'); index !== -1; index = src.indexOf('$', index + 1)) {
    if (src[index - 1] !== '\\') return index
  }
  return -1
}

function renderTex(tex: string, display: boolean): string {
  if (tex.length > MAX_MATH_SOURCE) return `<code>${escapeHtml(tex)}</code>`
  return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display })
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => {
    const index = src.indexOf('$$')
    return index === -1 ? undefined : index
  },
  tokenizer(src): MathToken | undefined {
    const match = BLOCK_MATH.exec(src)
    if (!match?.[1]?.trim()) return undefined
    return { type: 'blockMath', raw: match[0], tex: match[1].trim(), display: true }
  },
  renderer: (token) => `<div class="md-math">${renderTex((token as MathToken).tex, true)}</div>\n`,
}

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => {
    const index = firstDollar(src)
    return index === -1 ? undefined : index
  },
  tokenizer(src): MathToken | undefined {
    const match = INLINE_MATH.exec(src)
    if (!match) return undefined
    const display = match[1] !== undefined
    const tex = (match[1] ?? match[2] ?? '').trim()
    if (!tex) return undefined
    return { type: 'inlineMath', raw: match[0], tex, display }
  },
  renderer: (token) => renderTex((token as MathToken).tex, (token as MathToken).display),
}

/**
 * `$…$` and `$$…$$` as KaTeX. Marked tokenizes code spans and fences on their own, so a `$` in
 * code is never math.
 */
export const mathExtension: MarkedExtension = { extensions: [blockMath, inlineMath] }
