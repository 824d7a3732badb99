// What a run killed in mid-run leaves in the store once its lease has run out: the job's record
// `running`, as the run wrote it when it started, and no lease.
import type { JobEnvelope } from "@catops/core";
import type { jobsOf } from "@catops/core/testing";

export async function markRunning(jobs: ReturnType<typeof jobsOf>, envelope: unknown) {
  const { id } = envelope as JobEnvelope;
  if ((await jobs.get(id))?.state !== "queued") throw new Error(`job ${id} is not queued`);
  await jobs.update(id, { state: "running", startedAt: Date.now() });
}
