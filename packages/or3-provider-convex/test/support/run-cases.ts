import { createTestClock, type TestClock } from 'or3-provider-kit/testing'
import { describe, it } from 'vitest'
import { configure, type TemplateBackend } from './template-backend'

/** One guarantee of the templates, run against every way of reaching a deployment. */
export interface TemplateCase {
  name: string
  /** Moves the deployment's clock (retention, grace, windows): skipped where it can't be moved. */
  needsClock?: boolean
  /** Asserts what only a deployment with no data shows (the first account is the admin). */
  needsEmptyDeployment?: boolean
  run(backend: TemplateBackend): Promise<void>
}

export type BackendFactory = (clock: TestClock | null) => Promise<TemplateBackend>

/** Registers each case as a test on a fresh, configured deployment. */
export function runTemplateCases(
  title: string,
  cases: readonly TemplateCase[],
  factory: BackendFactory,
  options: { clock: boolean; empty: boolean },
): void {
  describe(title, () => {
    for (const templateCase of cases) {
      it(templateCase.name, async (context) => {
        if (templateCase.needsClock && !options.clock) context.skip('this deployment has no clock a test can move')
        if (templateCase.needsEmptyDeployment && !options.empty) context.skip('this deployment is not empty at the start of each case')
        const backend = await factory(options.clock ? createTestClock() : null)
        try {
          await configure(backend)
          await templateCase.run(backend)
        } finally {
          await backend.close()
        }
      })
    }
  })
}
