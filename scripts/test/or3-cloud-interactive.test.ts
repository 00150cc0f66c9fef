import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../matrix/temp-host'

// The wizard in a real terminal: tmux runs it in a pseudo-terminal, sends keys and reads the
// screen, as a person would see it. --dry-run, so the workspace it runs in is never changed.

const socket = `or3-wizard-test-${process.pid}`
const work = mkdtempSync(join(tmpdir(), 'or3-wizard-tty-'))
const envFile = join(work, '.env')
const secrets = { llm: 'sk-or-typed-at-the-prompt', clerk: 'sk_live_typed_at_the_prompt' }

function tmux(...args: string[]): string {
  const result = Bun.spawnSync(['tmux', '-L', socket, ...args], { stdout: 'pipe', stderr: 'pipe' })
  if (result.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr.toString()}`)
  return result.stdout.toString()
}

const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'wizard')
const press = (...keys: string[]) => tmux('send-keys', '-t', 'wizard', ...keys)
const type = (text: string) => tmux('send-keys', '-t', 'wizard', '-l', text)

async function waitFor(text: string | RegExp): Promise<string> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const shown = screen()
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown
    if (Date.now() > deadline) throw new Error(`the screen never showed ${text}:\n${shown}`)
    await Bun.sleep(100)
  }
}

afterAll(() => {
  Bun.spawnSync(['tmux', '-L', socket, 'kill-server'])
  rmSync(work, { recursive: true, force: true })
})

describe('or3-cloud init in a terminal', () => {
  it('lists the presets, offers only valid choices, checks input as it is typed and never shows a secret', async () => {
    const command = `bun --no-env-file apps/or3-chat/scripts/or3-cloud/main.ts init --dry-run --env-file ${envFile}; echo WIZARD-EXIT=$?; sleep 60`
    tmux('new-session', '-d', '-s', 'wizard', '-x', '240', '-y', '60', '-c', repoRoot, command)

    let shown = await waitFor('How should OR3 run?')
    for (const line of ['local ', 'embedded ', 'clerk-convex ', 'basic-auth-convex ', 'clerk-sqlite ', 'Choose sign-in, sync and storage one by one']) {
      expect(shown).toContain(line)
    }
    press('Down', 'Down')
    await waitFor(/clerk-convex .*needs OR3_ALLOWED_ORIGINS, NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY, NUXT_CLERK_SECRET_KEY, OR3_CONVEX_URL/)
    press('Down', 'Down', 'Down', 'Enter')

    await waitFor('Sign-in')
    press('Down', 'Down', 'Enter') // Clerk
    await waitFor('Sync and workspaces')
    press('Enter') // SQLite
    shown = await waitFor('Attachments')
    // With SQLite sync, Convex file storage is not offered.
    expect(shown.slice(shown.indexOf('Attachments'))).not.toContain('Convex file storage')
    press('Enter') // Local disk

    await waitFor('The public origin of this deployment')
    type('not a url')
    press('Enter')
    await waitFor("OR3_ALLOWED_ORIGINS must be an http(s) URL such as https://chat.example.com (got 'not a url').")
    for (let i = 0; i < 'not a url'.length; i++) press('BSpace')
    type('https://chat.example.com')
    press('Enter')

    await waitFor('An LLM key for the whole instance')
    type(secrets.llm)
    press('Enter')
    await waitFor('The Clerk publishable key')
    type(`pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`)
    press('Enter')
    await waitFor('The Clerk secret key')
    type(secrets.clerk)
    press('Enter')

    shown = await waitFor('WIZARD-EXIT=')
    expect(shown).toContain('Preset clerk-sqlite: auth clerk, sync sqlite, storage fs')
    expect(shown).toContain('NUXT_CLERK_SECRET_KEY = •••••••• (secret, not shown) [asked]')
    expect(shown).toContain('Dry run: nothing was written or installed.')
    expect(shown).toContain('WIZARD-EXIT=0')
    expect(shown).not.toContain(secrets.llm)
    expect(shown).not.toContain(secrets.clerk)
    expect(existsSync(envFile)).toBe(false)
  }, 90_000)
})
