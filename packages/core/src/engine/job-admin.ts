// What adapters do with jobs outside a request: run one a queue or self-invocation delivered,
// end one that cannot finish, and end those a dead process left behind.
import type { Connector, ConnectorKit } from "../connector.js";
import type { Engine } from "./execute.js";
import { randomId } from "../ids.js";
import type { JobEnding } from "./job-end.js";
import { leaseKey } from "./job-lease.js";
import type { Jobs } from "./jobs.js";
import { NO_CONNECTOR } from "./no-connector.js";
import type { JobEnvelope, Runtime, Store } from "../types.js";

export interface JobAdminParts {
  jobs: Jobs;
  store: Store;
  engine: Engine;
  connectorNamed: (name: string) => Connector | undefined;
  kitFor: (connector: Connector, runtime: Runtime, requestId: string) => ConnectorKit;
}

export function createJobAdmin(parts: JobAdminParts) {
  const { jobs, store, engine, kitFor } = parts;

  /** Runs a deferred job delivered by the runtime (queue message, self-invocation). */
  async function runJob(envelope: JobEnvelope, runtime: Runtime = {}): Promise<void> {
    const connector = parts.connectorNamed(envelope.connector);
    if (!connector)
      throw new Error(`job ${envelope.id} names an unknown connector "${envelope.connector}"`);
    await engine.runJob(
      envelope,
      connector,
      kitFor(connector, runtime, runtime.requestId ?? envelope.requestId ?? randomId(12)),
    );
  }

  /**
   * Ends a job that cannot finish (a queue gave up on it, the server shut down under it): its
   * record, the audit and its channel say so. Resolves to false when the job had already ended.
   */
  async function abandonJob(
    jobId: string,
    ending: JobEnding,
    runtime: Runtime = {},
  ): Promise<boolean> {
    const job = await jobs.get(jobId);
    if (!job) return false;
    const connector = parts.connectorNamed(job.connector);
    const kit = kitFor(
      connector ?? NO_CONNECTOR,
      { ...runtime, defer: undefined },
      runtime.requestId ?? jobId,
    );
    return engine.abandon(job, ending, connector, kit);
  }

  /**
   * Marks the jobs a dead process left unfinished as interrupted, and tells their channels: for
   * a runtime whose jobs run in process (a Node server starting up). A job whose run still holds
   * its lease is left alone, since another process may be running it, unless this process is
   * the only one that uses the store (`sole`), when a lease left behind is a dead process's.
   */
  async function interruptOrphanedJobs(
    runtime: Runtime = {},
    { sole = false }: { sole?: boolean } = {},
  ): Promise<string[]> {
    const interrupted: string[] = [];
    for (const job of await jobs.unfinished()) {
      if (!sole && (await store.get(leaseKey(job.id))) !== undefined) continue;
      const ending = {
        state: "interrupted" as const,
        reason: "the server stopped before it finished",
      };
      if (await abandonJob(job.id, ending, runtime)) interrupted.push(job.id);
    }
    return interrupted;
  }

  /**
   * Drops the lease of a job whose run is known to be gone (a queue saw the process running it
   * die, or handed it back on shutdown), so its next delivery recovers it at once instead of
   * waiting for the lease to run out.
   */
  async function releaseJob(jobId: string): Promise<void> {
    await store.delete(leaseKey(jobId));
  }

  return { runJob, abandonJob, interruptOrphanedJobs, releaseJob };
}

export type JobAdmin = ReturnType<typeof createJobAdmin>;
