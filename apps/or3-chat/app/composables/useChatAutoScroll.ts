import { nextTick, onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue'

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
 * scrolled up to read is left alone. Jumps to the end when the list first shows.
 */
export function useChatAutoScroll(end: Readonly<Ref<HTMLElement | null>>, changes: WatchSource<unknown>) {
  let following = true
  let container: HTMLElement | null = null

  function update() {
    if (container) following = container.scrollHeight - container.scrollTop - container.clientHeight < FOLLOW_THRESHOLD_PX
  }

  // Scrolling the container (not the anchor into view) keeps the end clear of the sticky composer.
  function scrollToEnd() {
    container ??= end.value ? scrollParent(end.value) : null
    if (container) container.scrollTop = container.scrollHeight
  }

  onMounted(() => {
    void nextTick(scrollToEnd)
    container = end.value ? scrollParent(end.value) : null
    container?.addEventListener('scroll', update, { passive: true })
  })
  onBeforeUnmount(() => container?.removeEventListener('scroll', update))

  watch(changes, async () => {
    if (!following) return
    await nextTick()
    scrollToEnd()
  }, { flush: 'post' })
}
