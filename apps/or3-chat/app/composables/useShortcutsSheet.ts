/** Whether the keyboard shortcuts sheet is open (one sheet for the whole app). */
export function useShortcutsSheet() {
  return useState('shortcuts-sheet-open', () => false)
}
