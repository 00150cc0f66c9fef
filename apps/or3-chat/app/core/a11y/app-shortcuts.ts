/**
 * The app's keyboard shortcuts, as `defineShortcuts` (Nuxt UI) names them and as the shortcuts
 * sheet lists them. `meta` is Cmd on macOS and Ctrl elsewhere. Esc is listened for by the chat
 * view itself, so that dialogs and menus keep it while they are open.
 */
export const APP_SHORTCUTS = {
  search: { key: 'meta_k', keys: ['meta', 'k'], label: 'Search chats' },
  newChat: { key: 'meta_shift_o', keys: ['meta', 'shift', 'o'], label: 'Start a new chat' },
  stop: { key: 'escape', keys: ['escape'], label: 'Stop the answer being written' },
  sheet: { key: 'meta_/', keys: ['meta', '/'], label: 'Show keyboard shortcuts' },
} as const

/** Element ids the shortcuts and the skip link move focus to. */
export const FOCUS_TARGETS = { search: 'thread-search', composer: 'composer' } as const

/**
 * The element with this id that is shown and usable. The sidebar's content is rendered twice on a
 * phone (the hidden desktop column and the open slide-over), so an id can be in the page twice.
 */
export function shownElement(id: string): HTMLElement | null {
  const candidates = document.querySelectorAll<HTMLElement>(`[id="${CSS.escape(id)}"]`)
  return [...candidates].find((element) => element.checkVisibility() && !element.hasAttribute('disabled')) ?? null
}

/** Focuses an element by id once it is shown (after a navigation or a panel opening). */
export async function focusWhenShown(id: string, attempts = 20): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const element = shownElement(id)
    if (element) {
      element.focus()
      return true
    }
    await new Promise((resolve) => requestAnimationFrame(resolve))
  }
  return false
}

/** True while focus is inside a dialog or a menu: Esc belongs to them there, not to the chat. */
export function focusInOverlay(): boolean {
  return Boolean(document.activeElement?.closest('[role="dialog"], [role="menu"], [role="listbox"]'))
}
