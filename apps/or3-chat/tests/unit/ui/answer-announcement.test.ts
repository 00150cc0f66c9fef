import { describe, expect, it } from 'vitest'
import { announceFinishedAnswer } from '../../../app/core/a11y/answer-announcement'

describe('the announcement of a finished answer', () => {
  it('says the answer as plain text, without the marks a screen reader would spell out', () => {
    const said = announceFinishedAnswer({ status: 'complete', content: '## Ferns\n**Boston fern** likes `shade`; see [the guide](https://example.com).', error: null })
    expect(said).toBe('Answer finished: Ferns Boston fern likes shade ; see the guide.')
  })

  it('cuts a long answer at a word, so the region says the start, not all of it', () => {
    const words = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ')
    const said = announceFinishedAnswer({ status: 'complete', content: words, error: null })
    expect(said.length).toBeLessThan(340)
    expect(said).toMatch(/^Answer finished: word0 word1 .* word\d+…$/)
  })

  it('says when the answer stopped or failed, and nothing while it is still coming', () => {
    expect(announceFinishedAnswer({ status: 'aborted', content: 'Half', error: null })).toBe('Answer stopped.')
    expect(announceFinishedAnswer({ status: 'error', content: '', error: 'The model is overloaded' })).toBe('The answer failed: The model is overloaded.')
    expect(announceFinishedAnswer({ status: 'streaming', content: 'Half', error: null })).toBe('')
    expect(announceFinishedAnswer(null)).toBe('')
    expect(announceFinishedAnswer({ status: 'complete', content: '```\n```', error: null })).toBe('Answer finished, with no text.')
  })
})
