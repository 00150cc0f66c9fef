import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'

/** How close to the end (px) still counts as "reading the latest": the view keeps following. */
const FOLLOW_THRESHOLD_PX = 120

function scrollParent(element: HTMLElement): HTMLElement | null {
  let current = element.parentElement
  while (current) {
    const overflow = getComputedStyle(current).overflowY
    if (overflow === 'auto' || overflow === 'scroll') return current
    current = current.parentElement
  }
  return null
}

/**
 * Keeps the end of a growing list in view while the reader is already near it; someone who
 * scrolled up to read is left alone. It watches the list's size (a streamed answer growing, a
 * new message, a virtualized row measured), so it follows whatever makes the list longer, and
 * it starts at the end. Returns the scrolling element (found on mount) and whether it follows.
 */
export function useChatAutoScroll(content: Readonly<Ref<HTMLElement | null>>) {
  const scroller = shallowRef<HTMLElement | null>(null)
  let following = true
  let resizes: ResizeObserver | null = null

  const update = () => {
    const element = scroller.value
    if (element) following = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_THRESHOLD_PX
  }
  // Scrolling the container (not an anchor into view) keeps the end clear of the sticky composer.
  const scrollToEnd = () => {
    const element = scroller.value
    if (element) element.scrollTop = element.scrollHeight
  }

  onMounted(() => {
    const element = content.value
    scroller.value = element ? scrollParent(element) : null
    scroller.value?.addEventListener('scroll', update, { passive: true })
    resizes = new ResizeObserver(() => following && scrollToEnd())
    if (element) resizes.observe(element)
    scrollToEnd()
  })
  onBeforeUnmount(() => {
    scroller.value?.removeEventListener('scroll', update)
    resizes?.disconnect()
  })

  return { scroller, following: () => following }
}
