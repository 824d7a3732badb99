/** How long a job run's lease lasts unless renewed; a run renews it three times as often. */
export const LEASE_SECONDS = 60;
/** The store key of a job run's lease: held while one invocation or process runs the job. */
export const leaseKey = (jobId: string) => `job-run:${jobId}`;
