import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../app/core/chat/markdown/render-markdown'

describe('renderMarkdown', () => {
  it('shows raw HTML from the model as text, never as elements', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>')
    expect(html).not.toMatch(/<script|<img|<div onclick/i)
    expect(html).toContain('&lt;script&gt;')
  })

  it('keeps http(s) links (opening in a new tab) and drops javascript: and data: URLs', () => {
    const html = renderMarkdown('[ok](https://example.com) [bad](javascript:alert(1)) [data](data:text/html,hi)')
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">ok</a>')
    expect(html).not.toMatch(/javascript:|data:text/)
    expect(html).toContain('bad')
  })

  it('never loads an image URL the model chose: images become links', () => {
    const html = renderMarkdown('![tracker](https://evil.example/pixel.png)')
    expect(html).not.toContain('<img')
    expect(html).toContain('href="https://evil.example/pixel.png"')
  })

  it('highlights fenced code with its language and adds a copy button', () => {
    const html = renderMarkdown('```ts\nconst answer: number = 42\n```')
    expect(html).toContain('class="hljs language-ts"')
    expect(html).toContain('<span class="hljs-keyword">const</span>')
    expect(html).toContain('data-copy-code')
  })

  it('escapes code in unknown languages and in a fence still open while streaming', () => {
    expect(renderMarkdown('```weird\n<b>x</b>\n```')).toContain('&lt;b&gt;x&lt;/b&gt;')
    const partial = renderMarkdown('Here:\n\n```python\nprint("<hi>")')
    expect(partial).toContain('language-python')
    expect(partial).toContain('&lt;hi&gt;')
  })

  it('does not let a crafted language name break out of the class attribute', () => {
    const html = renderMarkdown('```"><script>x</script>\ncode\n```')
    expect(html).not.toContain('<script>')
    expect(html).toContain('class="hljs"')
  })
})
