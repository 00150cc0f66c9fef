import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import lucide from '@iconify-json/lucide/icons.json' with { type: 'json' }
import { describe, expect, it } from 'vitest'

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8')

/** The installed app's icon (rendered at build time from public/app-icon.svg) is the logo the app shows. */
describe('the app icon', () => {
  it("draws AppLogo's glyph, white on the primary colour", () => {
    const glyph = /name="i-lucide-([a-z0-9-]+)"/.exec(read('app/components/AppLogo.vue'))?.[1]
    expect(glyph).toBeDefined()
    const path = /\sd="([^"]+)"/.exec(lucide.icons[glyph as keyof typeof lucide.icons].body)?.[1]
    const icon = read('public/app-icon.svg')
    expect(icon).toContain(`d="${path}"`)
    expect(icon).toContain('color="#ffffff"')
    // emerald-500, the `primary` of app.config.ts
    expect(read('app/app.config.ts')).toContain("primary: 'emerald'")
    expect(icon).toContain('fill="#00bc7d"')
  })
})
