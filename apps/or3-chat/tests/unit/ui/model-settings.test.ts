import { afterEach, describe, expect, it } from 'vitest'
import { groupModelsByEndpoint, listedModelId } from '../../../app/core/chat/model-groups'
import { deleteModelPreset, listModelPresets, saveModelPreset, MODEL_PRESET_POST_TYPE } from '../../../app/core/chat/model-presets'
import { describeModelSettings, parseModelSettingsForm, readModelSettings, requestModelSettings } from '../../../app/core/chat/model-settings'
import { startGeneration, type ChatTransport, type GenerationContext } from '../../../app/core/chat/start-generation'
import { addUserTurn, setThreadModelSettings } from '../../../app/core/chat/thread-writes'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

const ROOMY = { maxBytes: 8 * 1024 * 1024, maxMessages: 500, maxTokens: 100_000 }

describe('model settings', () => {
  it('reads what a row holds, dropping only the malformed fields (rows sync from other versions)', () => {
    expect(readModelSettings({ temperature: 0.4, maxTokens: 512, topP: 0.9, reasoningEffort: 'low' })).toEqual({ temperature: 0.4, maxTokens: 512, topP: 0.9, reasoningEffort: 'low' })
    expect(readModelSettings({ temperature: 9, maxTokens: 12.5, topP: 0.5, reasoningEffort: 'max', extra: 1 })).toEqual({ topP: 0.5 })
    expect(readModelSettings(null)).toEqual({})
    expect(readModelSettings('temperature=1')).toEqual({})
  })

  it('turns the form into settings, empty fields unset, or says what is wrong', () => {
    expect(parseModelSettingsForm({ temperature: '0.2', maxTokens: '300', topP: '', reasoningEffort: null })).toEqual({ settings: { temperature: 0.2, maxTokens: 300 } })
    expect(parseModelSettingsForm({ temperature: ' ', maxTokens: null, topP: 1, reasoningEffort: 'high' })).toEqual({ settings: { topP: 1, reasoningEffort: 'high' } })
    expect(parseModelSettingsForm({ temperature: '2.5', maxTokens: '', topP: '', reasoningEffort: null })).toEqual({ error: 'Temperature must be between 0 and 2.' })
    expect(parseModelSettingsForm({ temperature: '', maxTokens: '10.5', topP: '', reasoningEffort: null })).toMatchObject({ error: expect.stringMatching(/^Max tokens must be a whole number/) })
    expect(parseModelSettingsForm({ temperature: '', maxTokens: '', topP: 'abc', reasoningEffort: null })).toEqual({ error: 'Top-p must be between 0 and 1.' })
  })

  it('sends a reasoning effort only to a model that takes one', () => {
    const settings = { temperature: 0.5, reasoningEffort: 'high' as const }
    expect(requestModelSettings(settings, true)).toEqual({ temperature: 0.5, reasoningEffort: 'high' })
    expect(requestModelSettings(settings, false)).toEqual({ temperature: 0.5 })
  })

  it('says in the header what the thread uses besides the defaults', () => {
    expect(describeModelSettings({})).toBeNull()
    expect(describeModelSettings({ temperature: 0.3, maxTokens: 64, reasoningEffort: 'low' })).toBe('temp 0.3 · max 64 tokens · low reasoning')
  })

  it('every answer of a thread carries its settings, and clearing them sends none', async () => {
    const chat = await openChatDb(null)
    const turn = await addUserTurn(chat, { threadId: null, text: 'Say hi', fileHashes: [], model: 'test/echo' })
    await setThreadModelSettings(chat, turn.threadId, { temperature: 0.3, maxTokens: 64, topP: 0.8, reasoningEffort: 'high' })
    const requests: any[] = []
    const transport = {
      async *streamChat(request: any) {
        requests.push(request)
        yield 'hi'
      },
    } as unknown as ChatTransport
    const context: GenerationContext = {
      ...chat,
      workspaceId: null,
      background: false,
      userKey: null,
      loadAttachments: async () => [],
      requestBudget: () => ROOMY,
      modelTakesReasoning: (model) => model === 'test/echo',
      transport,
    }
    await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done
    expect(requests[0]).toMatchObject({ model: 'test/echo', temperature: 0.3, maxTokens: 64, topP: 0.8, reasoningEffort: 'high' })
    await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/other' }).done
    expect(requests[1]).not.toHaveProperty('reasoningEffort')

    await setThreadModelSettings(chat, turn.threadId, {})
    expect((await chat.db.threads.get(turn.threadId))?.model_settings).toBeNull()
    await startGeneration(context, { threadId: turn.threadId, messageId: turn.answerId, model: 'test/echo' }).done
    expect(Object.keys(requests[2]).sort()).toEqual(['messages', 'model'])
  })
})

describe('model presets', () => {
  it('are posts rows of their own type; saving a name again updates that preset', async () => {
    const chat = await openChatDb()
    const precise = await saveModelPreset(chat.db, chat.writer, { name: 'Precise', settings: { temperature: 0.1 } }, chat)
    await saveModelPreset(chat.db, chat.writer, { name: 'Creative', settings: { temperature: 1.2, topP: 0.95 } }, chat)
    await saveModelPreset(chat.db, chat.writer, { name: ' precise ', settings: { temperature: 0.2, maxTokens: 200 } }, chat)
    expect(await listModelPresets(chat.db)).toEqual([
      { id: expect.any(String), name: 'Creative', settings: { temperature: 1.2, topP: 0.95 } },
      { id: precise.id, name: 'precise', settings: { temperature: 0.2, maxTokens: 200 } },
    ])
    expect((await chat.db.posts.get(precise.id))?.post_type).toBe(MODEL_PRESET_POST_TYPE)
    await deleteModelPreset(chat.writer, precise.id)
    expect((await listModelPresets(chat.db)).map((preset) => preset.name)).toEqual(['Creative'])
  })

  it('refuses a preset without a name or without a value', async () => {
    const chat = await openChatDb()
    await expect(saveModelPreset(chat.db, chat.writer, { name: '  ', settings: { temperature: 1 } }, chat)).rejects.toThrow('Give the preset a name')
    await expect(saveModelPreset(chat.db, chat.writer, { name: 'Empty', settings: {} }, chat)).rejects.toThrow(/at least one value/)
  })
})

describe('the model picker’s groups', () => {
  const endpoints = [
    { id: 'hosted', label: 'Hosted API' },
    { id: 'local', label: 'Local Ollama' },
  ]
  const models = [
    { id: 'hosted::openai/gpt-4o', name: null, contextLength: null, endpoint: 'hosted' },
    { id: 'local::llama3.2:1b', name: null, contextLength: null, endpoint: 'local' },
    { id: 'local::qwen3:4b', name: null, contextLength: null, endpoint: 'local' },
  ]

  it('groups the models under their endpoint, in the server’s order; one endpoint needs no headings', () => {
    expect(groupModelsByEndpoint(models, endpoints).map((group) => [group.label, group.models.map((m) => m.id)])).toEqual([
      ['Hosted API', ['hosted::openai/gpt-4o']],
      ['Local Ollama', ['local::llama3.2:1b', 'local::qwen3:4b']],
    ])
    expect(groupModelsByEndpoint(models.slice(0, 1), [])).toEqual([{ label: null, models: models.slice(0, 1) }])
  })

  it('shows a plain id a thread stored earlier as the default endpoint’s entry', () => {
    expect(listedModelId('openai/gpt-4o', models, endpoints)).toBe('hosted::openai/gpt-4o')
    expect(listedModelId('local::qwen3:4b', models, endpoints)).toBe('local::qwen3:4b')
    expect(listedModelId('typed/in', models, endpoints)).toBe('typed/in')
  })
})
