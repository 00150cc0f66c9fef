/**
 * A task that never runs twice at once: a trigger while it runs asks for one more run after it,
 * so a burst of triggers costs at most two runs and the last trigger is always covered.
 */
export interface SerialTask {
  /** Runs the task (or schedules one more run); resolves when a run that started after this call ends. */
  trigger(): Promise<void>
  readonly running: boolean
  /** Resolves when the current run (and any run it asked for) has ended. */
  idle(): Promise<void>
}

export function createSerialTask(run: () => Promise<void>): SerialTask {
  let current: Promise<void> | null = null
  let again = false

  const loop = async () => {
    try {
      do {
        again = false
        await run()
      } while (again)
    } finally {
      current = null
    }
  }

  return {
    trigger() {
      if (current) {
        again = true
        return current
      }
      current = loop()
      return current
    },
    get running() {
      return current !== null
    },
    idle() {
      return current ?? Promise.resolve()
    },
  }
}
