import { computed } from 'vue'

export type ThemePreference = 'system' | 'light' | 'dark'

export const THEME_OPTIONS: { label: string; value: ThemePreference; icon: string }[] = [
  { label: 'System', value: 'system', icon: 'i-lucide-monitor' },
  { label: 'Light', value: 'light', icon: 'i-lucide-sun' },
  { label: 'Dark', value: 'dark', icon: 'i-lucide-moon' },
]

/** Light / dark / system, kept by Nuxt's color mode on this device (a screen preference, not synced). */
export function useThemePreference() {
  const colorMode = useColorMode()
  const preference = computed<ThemePreference>({
    get: () => (THEME_OPTIONS.some((option) => option.value === colorMode.preference) ? (colorMode.preference as ThemePreference) : 'system'),
    set: (value) => (colorMode.preference = value),
  })
  return { preference, options: THEME_OPTIONS }
}
