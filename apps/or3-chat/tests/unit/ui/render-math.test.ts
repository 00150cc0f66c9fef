import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../app/core/chat/markdown/render-markdown'
import { MAX_MATH_SOURCE } from '../../../app/core/chat/markdown/render-math'

/**
 * Math in model output. These run without a DOM, so DOMPurify does not run: the renderer's own
 * output must already be safe, as the XSS tests in render-markdown.test.ts require.
 */
/** The markup without MathML's <annotation>, which repeats the TeX source as (escaped) text. */
function markup(html: string): string {
  return html.replace(/<annotation encoding="application\/x-tex">[^<]*<\/annotation>/g, '')
}

describe('renderMarkdown math', () => {
  it('renders $…$ inline and $$…$$ as display math with KaTeX', () => {
    const inline = renderMarkdown('Euler: $e^{i\\pi} + 1 = 0$ holds.')
    expect(inline).toMatch(/^<p>Euler: <span class="katex">/)
    expect(inline).toContain('<mi>π</mi>')
    expect(inline).toContain(' holds.</p>')

    const display = renderMarkdown('Area:\n\n$$\n\\int_0^1 x\\,dx\n$$\n\ndone')
    expect(display).toContain('<div class="md-math"><span class="katex-display">')
    expect(display).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    expect(display).toContain('<p>done</p>')
    expect(renderMarkdown('so $$x^2$$ inline')).toContain('katex-display')
  })

  it('leaves code spans, fenced and indented code with dollars as code', () => {
    for (const source of ['`$x$` and `$$y$$`', '```sh\necho "$HOME $$"\n```', '```\n$$\nx\n$$\n```', '    cost $x$ here']) {
      const html = renderMarkdown(source)
      expect(html, source).not.toContain('katex')
      expect(html, source).toContain('$')
    }
  })

  it('leaves prices and escaped dollars as text', () => {
    expect(renderMarkdown('It costs $5 and $10 today.')).toBe('<p>It costs $5 and $10 today.</p>\n')
    expect(renderMarkdown('\\$x\\$ stays')).toBe('<p>$x$ stays</p>\n')
    expect(renderMarkdown('a $ b $ c')).not.toContain('katex')
  })

  it('turns link, URL, image and HTML commands into inert text (trust is off)', () => {
    const payloads = [
      '$\\href{javascript:alert(1)}{click}$',
      '$$\\href{https://evil.example}{click}$$',
      '$\\url{javascript:alert(1)}$',
      '$\\includegraphics{https://evil.example/pixel.png}$',
      '$\\htmlClass{md-code-copy}{x}$',
      '$\\htmlId{sign-in-panel}{x}$',
      '$\\htmlStyle{position:fixed;inset:0}{x}$',
      '$\\htmlData{copy-code=}{x}$',
    ]
    for (const payload of payloads) {
      const html = markup(renderMarkdown(payload))
      expect(html, payload).toContain('class="katex')
      expect(html, payload).not.toMatch(/<a[\s>]|<img|href=|src=|javascript:|position:fixed|data-copy-code|id="|md-code-copy/)
      expect(html, payload).toContain('color:#cc0000')
    }
  })

  it('escapes HTML inside TeX and refuses attribute break-outs', () => {
    const text = renderMarkdown('$\\text{<img src=x onerror=alert(1)>}$')
    expect(text).not.toContain('<img')
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;')

    const closing = renderMarkdown('$x</annotation><script>alert(1)</script>$')
    expect(closing).not.toMatch(/<script|<\/annotation><script/)

    const color = renderMarkdown('$\\textcolor{red" onmouseover="alert(1)}{x}$')
    expect(color).toContain('class="katex-error"')
    expect(color).not.toMatch(/"\s*onmouseover=/)
  })

  it('stops macro bombs and oversized boxes', () => {
    const bomb = renderMarkdown('$\\def\\a{\\a\\a}\\a$')
    expect(bomb).toContain('class="katex-error"')
    expect(bomb).toContain('Too many expansions')

    const box = markup(renderMarkdown('$\\rule{100000em}{100000em}$'))
    expect(box).not.toContain('100000em')
    expect(box).toContain('border-top-width:20em')
  })

  it('shows TeX longer than the limit as code instead of rendering it', () => {
    const long = `$${'x+'.repeat(MAX_MATH_SOURCE / 2)}y$`
    const html = renderMarkdown(long)
    expect(html).not.toContain('katex')
    expect(html).toMatch(/^<p><code>x\+x\+/)
  })

  it('does not throw on math cut off mid-stream', () => {
    expect(renderMarkdown('Almost: $\\frac{1}{')).toBe('<p>Almost: $\\frac{1}{</p>\n')
    expect(renderMarkdown('$$\n\\sum_{i=0}^n')).not.toContain('katex')
    expect(renderMarkdown('$\\frac{1}{$')).toContain('class="katex-error"')
  })
})
