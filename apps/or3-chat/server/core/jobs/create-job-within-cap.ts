import type { BackgroundJobStore, CreateJobInput, JobRecord } from 'or3-provider-kit'

/**
 * Starts a job only within its owner's cap of running jobs (429 beyond). The store counts and
 * inserts in one atomic step (`create`'s admission), so simultaneous starts on any number of
 * server instances never exceed the cap. `afterAdmission` runs once the job holds its place
 * (the chat limits): a start refused by the cap spends nothing, and one refused by a limit is
 * aborted before it ran, so it holds no place either.
 */
export async function createJobWithinCap(
  jobs: BackgroundJobStore,
  input: CreateJobInput,
  maxConcurrent: number,
  afterAdmission: () => Promise<void> = async () => {},
): Promise<JobRecord> {
  const job = await jobs.create(input, { maxRunningPerUser: maxConcurrent })
  try {
    await afterAdmission()
  } catch (error) {
    await jobs.abort(job.id).catch(() => {})
    throw error
  }
  return job
}
