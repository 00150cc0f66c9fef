/**
 * No menu is wider than the screen less a margin, so every dropdown, picker and popover fits a
 * phone (each component's own width still applies below that).
 */
const FITS_THE_SCREEN = 'max-w-[calc(100vw-1.5rem)]'

export default defineAppConfig({
  ui: {
    colors: {
      primary: 'emerald',
      neutral: 'zinc',
    },
    dropdownMenu: { slots: { content: FITS_THE_SCREEN } },
    selectMenu: { slots: { content: FITS_THE_SCREEN } },
    popover: { slots: { content: FITS_THE_SCREEN } },
  },
})
