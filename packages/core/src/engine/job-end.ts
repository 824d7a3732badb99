// A job that cannot finish: its record says so, the audit has it, and its channel is told. One
// place for every way a run is cut short: a redelivered job whose first run died, a queue that
// gives up, a server that shuts down or finds jobs left behind by a dead process.
import type { Connector, ConnectorKit } from "../connector.js";
import { deliverJobReply } from "./delivery.js";
import type { EngineBase, EngineOptions } from "./engine-base.js";
import { FINAL_STATES, type JobRecord } from "./jobs.js";
import type { CommandEvent } from "../types.js";

export interface JobEnding {
  /** `interrupted`: its run was cut short; `failed`: it cannot run (a queue gave up on it). */
  state: "interrupted" | "failed";
  /** Why, in a few words the channel can read: "the server shut down". */
  reason: string;
}

/** The event a job's late replies go to, rebuilt from its record. */
export function jobEvent(job: JobRecord): CommandEvent {
  const event: CommandEvent = { command: [], source: job.connector };
  if (job.user) event.user = job.user;
  if (job.channel) event.channel = job.channel;
  if (job.responseUrl) event.responseUrl = job.responseUrl;
  return event;
}

export function createJobEnd(options: EngineOptions, base: EngineBase) {
  const { jobs, now } = options;

  /** Ends a job that has not ended; false when it already had (nothing is said twice). */
  async function abandon(
    job: JobRecord,
    ending: JobEnding,
    connector: Connector | undefined,
    kit: ConnectorKit,
  ): Promise<boolean> {
    if (FINAL_STATES.has(job.state)) return false;
    await jobs.update(job.id, { state: ending.state, endedAt: now(), result: ending.reason });
    const event = jobEvent(job);
    await base.record(ending.state, event, job.command, kit.requestId, {
      jobId: job.id,
      detail: ending.reason,
    });
    kit.log.warn(`job ${ending.state}`, { jobId: job.id, reason: ending.reason });
    const what = ending.state === "interrupted" ? "was interrupted" : "could not run";
    const text = `\`${job.command}\` ${what} (job \`${job.id}\`): ${ending.reason}. It did not finish; run it again if it is still needed.`;
    if (connector)
      await deliverJobReply(
        jobs,
        job.id,
        connector,
        event,
        { text, error: true, visibility: "in_channel" },
        kit,
        (detail) =>
          base.record("undelivered", event, job.command, kit.requestId, { jobId: job.id, detail }),
      );
    return true;
  }

  return { abandon };
}

export type JobEnd = ReturnType<typeof createJobEnd>;
