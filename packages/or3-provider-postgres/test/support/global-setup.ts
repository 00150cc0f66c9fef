import type { TestProject } from 'vitest/node'
import { startPostgresCluster } from './postgres-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { socketDir: string; port: number; user: string; database: string }
  }
}

/** One cluster for the whole run, removed when it ends (pass or fail). */
export default function setup(project: TestProject) {
  const cluster = startPostgresCluster()
  const { socketDir, port, user, database } = cluster
  project.provide('postgres', { socketDir, port, user, database })
  return () => cluster.stop()
}
