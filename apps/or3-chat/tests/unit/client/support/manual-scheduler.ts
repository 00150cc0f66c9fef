import type { Scheduler } from '../../../../app/core/scheduling/scheduler'

/** A scheduler whose time only moves when the test says so. */
export class ManualScheduler implements Scheduler {
  private time = 1_700_000_000_000
  private nextId = 0
  private tasks = new Map<number, { at: number; task: () => void }>()
  /** Fixed jitter source: 1 makes every backoff the full exponential ceiling. */
  randomValue = 1

  now = () => this.time
  random = () => this.randomValue

  schedule = (task: () => void, ms: number) => {
    const id = this.nextId++
    this.tasks.set(id, { at: this.time + ms, task })
    return () => {
      this.tasks.delete(id)
    }
  }

  /** Delays of the timers waiting now, from the current time. */
  pendingDelays(): number[] {
    return [...this.tasks.values()].map(({ at }) => at - this.time).sort((a, b) => a - b)
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0]
      if (!due) break
      this.tasks.delete(due[0])
      this.time = due[1].at
      due[1].task()
    }
    this.time = until
  }
}
