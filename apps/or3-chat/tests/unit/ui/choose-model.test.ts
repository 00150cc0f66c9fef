import { describe, expect, it } from 'vitest'
import { chooseModel } from '../../../app/core/chat/choose-model'

const none = { picked: null, thread: null, userDefault: null }

describe('choosing the model for the next answer', () => {
  it("falls back to the first offered model when the server's default is not offered, and says so", () => {
    const choice = chooseModel({ ...none, serverDefault: 'openai/gpt-4o-mini', offered: ['llama3.2:3b', 'qwen2.5:7b'] })
    expect(choice.model).toBe('llama3.2:3b')
    expect(choice.notice).toContain('openai/gpt-4o-mini')
    expect(choice.notice).toContain('llama3.2:3b')
  })

  it("uses the server's default when it is offered, or while the list is unknown", () => {
    expect(chooseModel({ ...none, serverDefault: 'a/b', offered: ['x', 'a/b'] })).toEqual({ model: 'a/b', notice: null })
    expect(chooseModel({ ...none, serverDefault: 'a/b', offered: [] })).toEqual({ model: 'a/b', notice: null })
  })

  it("prefers what the user chose: this pick, then the thread's model, then their default", () => {
    const base = { serverDefault: 'a/b', offered: ['x'] }
    expect(chooseModel({ ...base, picked: 'p', thread: 't', userDefault: 'u' }).model).toBe('p')
    expect(chooseModel({ ...base, picked: null, thread: 't', userDefault: 'u' }).model).toBe('t')
    expect(chooseModel({ ...base, picked: null, thread: null, userDefault: 'u' })).toEqual({ model: 'u', notice: null })
  })

  it('has no model when nothing is known', () => {
    expect(chooseModel({ ...none, serverDefault: null, offered: [] })).toEqual({ model: null, notice: null })
  })
})
