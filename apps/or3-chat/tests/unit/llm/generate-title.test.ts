import { describe, expect, it } from 'vitest'
import { testCloudConfig } from 'or3-provider-kit/testing'
import { cleanTitle, titleModelFor } from '../../../server/core/llm/generate-title'
import { sumTokenUsage } from '../../../shared/chat-stream/token-usage'
import { describeTokenUsage } from '../../../app/core/chat/token-usage-view'

describe('generated title text', () => {
  it("keeps the model's first line without quotes, markdown, a label or a final stop", () => {
    expect(cleanTitle('"Indoor basil care."')).toBe('Indoor basil care')
    expect(cleanTitle('\n\n**Title:** Lisbon with kids\nHere is why…')).toBe('Lisbon with kids')
    expect(cleanTitle('« Recette de crêpes »')).toBe('Recette de crêpes')
    expect(cleanTitle('   \n "" \n')).toBeNull()
  })

  it('shortens a rambling reply at a word boundary', () => {
    const title = cleanTitle(`${'word '.repeat(40)}end`)!
    expect(title.length).toBeLessThanOrEqual(81)
    expect(title.endsWith('word…')).toBe(true)
  })

  it('asks the answering model, a configured one, or none when off', () => {
    const config = (titleModel: string | null) => testCloudConfig({ llm: { titleModel } })
    expect(titleModelFor(config('answer-model'), 'test/echo')).toBe('test/echo')
    expect(titleModelFor(config('cheap/model'), 'test/echo')).toBe('cheap/model')
    expect(titleModelFor(config(null), 'test/echo')).toBeNull()
  })
})

describe('token usage', () => {
  it("sums a thread's answers, counting only those that reported usage", () => {
    expect(sumTokenUsage([{ input: 10, output: 2 }, null, undefined, { input: 30, output: 5 }])).toEqual({ input: 40, output: 7, answers: 2 })
    expect(sumTokenUsage([])).toEqual({ input: 0, output: 0, answers: 0 })
  })

  it('labels usage briefly, with exact figures for the tooltip', () => {
    expect(describeTokenUsage({ input: 1234, output: 56 })).toEqual({ short: '1.2K in · 56 out', long: '1,234 tokens in, 56 tokens out' })
  })
})
