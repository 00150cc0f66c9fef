import { describe, expect, it } from 'vitest'
import { buildChatHistory } from '../../../app/core/chat/chat-history'
import { messageRow } from './support/chat-db'

const noFiles = async () => []

describe('buildChatHistory', () => {
  it('sends the system prompt, then the turns before the answer being generated', async () => {
    const messages = [
      messageRow('u1', 't', 0, { content: 'Hi' }),
      messageRow('a1', 't', 1, { role: 'assistant', content: 'Hello!' }),
      messageRow('u2', 't', 2, { content: 'Tell me a joke' }),
      messageRow('a2', 't', 3, { role: 'assistant', content: '', status: 'pending' }),
    ]
    const history = await buildChatHistory({ systemPrompt: '  Be brief. ', messages, answerIndex: 3, loadAttachments: noFiles })
    expect(history).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Tell me a joke' },
    ])
  })

  it('leaves out failed and empty answers but keeps a stopped one the user read', async () => {
    const messages = [
      messageRow('u1', 't', 0, { content: 'one' }),
      messageRow('a1', 't', 1, { role: 'assistant', content: 'half an ans', status: 'aborted' }),
      messageRow('u2', 't', 2, { content: 'two' }),
      messageRow('a2', 't', 3, { role: 'assistant', content: 'broken', status: 'error' }),
      messageRow('u3', 't', 4, { content: 'three' }),
      messageRow('a3', 't', 5, { role: 'assistant', content: '', status: 'complete' }),
    ]
    const history = await buildChatHistory({ systemPrompt: null, messages, answerIndex: 6, loadAttachments: noFiles })
    expect(history.map((message) => message.content)).toEqual(['one', 'half an ans', 'two', 'three'])
  })

  it("adds a user message's attachments as content parts", async () => {
    const messages = [messageRow('u1', 't', 0, { content: 'What is this?', file_hashes: ['sha256:aa'] })]
    const requested: string[][] = []
    const history = await buildChatHistory({
      systemPrompt: null,
      messages,
      answerIndex: 1,
      loadAttachments: async (hashes) => {
        requested.push([...hashes])
        return [{ name: 'n.txt', mimeType: 'text/plain', blob: new Blob(['note']) }]
      },
    })
    expect(requested).toEqual([['sha256:aa']])
    expect(history[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'text', text: 'Attached file "n.txt":\n```\nnote\n```' },
    ])
  })
})
