import { describe, expect, it } from 'vitest'
import { buildOr3CloudConfig } from '../../shared/config/build-or3-cloud-config'
import { describeStartup, openUrl } from '../../server/core/boot/startup-summary'
import { bootProviders } from '../../server/core/boot/boot-server'
import type { Or3CloudConfig } from 'or3-provider-kit'

const silent = { info: () => {}, warn: () => {} }
const startupLines = (config: Or3CloudConfig, env: Record<string, string>) => describeStartup(config, bootProviders(config, env, silent), env)

describe('the lines printed at start-up', () => {
  it('gives an address a browser can open, not the wildcard the server binds', () => {
    expect(openUrl({})).toBe('http://localhost:3000')
    expect(openUrl({ HOST: '::', PORT: '8080' })).toBe('http://localhost:8080')
    expect(openUrl({ HOST: '0.0.0.0', NITRO_PORT: '4000', PORT: '1' })).toBe('http://localhost:4000')
    expect(openUrl({ HOST: 'chat.example.org', PORT: '443', NITRO_SSL_CERT: 'c', NITRO_SSL_KEY: 'k' })).toBe('https://chat.example.org:443')
    expect(openUrl({ HOST: 'fd00::5', PORT: '3000' })).toBe('http://[fd00::5]:3000')
  })

  it('names the data folder, the providers and the LLM set-up, and never prints the key', () => {
    const env = { OR3_PRESET: 'embedded', OR3_STRICT: 'false', OR3_DATA_DIR: '/srv/or3', OR3_LLM_API_KEY: 'sk-secret-123', OR3_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }
    const lines = startupLines(buildOr3CloudConfig(env, []), env)
    expect(lines).toContain('OR3 data folder: /srv/or3')
    expect(lines.some((l) => l.startsWith('OR3 providers: auth: off, sync: off, storage: off'))).toBe(true)
    expect(lines).toContain("OR3 LLM: http://127.0.0.1:11434/v1 with this server's key (OR3_LLM_API_KEY)")
    expect(lines.join('\n')).not.toContain('sk-secret-123')
  })

  it('says how to make chat answer when the server has no key', () => {
    const llmLine = (env: Record<string, string>) => startupLines(buildOr3CloudConfig(env, []), env).find((l) => l.startsWith('OR3 LLM'))
    expect(llmLine({})).toMatch(/no server key: users add their own in Settings; to answer for everyone, set OR3_LLM_API_KEY/)
    expect(llmLine({ OR3_LLM_USER_KEYS: 'instance-only' })).toMatch(/chat cannot answer\. Set OR3_LLM_API_KEY/)
  })
})
