import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareTemplateBackend } from '../../src/testing/prepare-backend'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The templates as a host's backend folder holds them after `init` and offline codegen. */
    functionsDir: string
  }
}

export default function setup(project: TestProject) {
  const backend = prepareTemplateBackend()
  project.provide('functionsDir', backend.functionsDir)
  return () => rmSync(dirname(backend.root), { recursive: true, force: true })
}
