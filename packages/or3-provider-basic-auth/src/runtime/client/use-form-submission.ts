import { ref } from 'vue'
import { describeFailure, type FailureView } from 'or3-provider-kit'

/** The pending flag and the failure every auth form shows, around one submit action. */
export function useFormSubmission() {
  const pending = ref(false)
  const failure = ref<FailureView | null>(null)

  async function run(action: () => Promise<void>): Promise<void> {
    pending.value = true
    failure.value = null
    try {
      await action()
    } catch (error) {
      failure.value = describeFailure(error)
    } finally {
      pending.value = false
    }
  }

  return { pending, failure, run }
}
