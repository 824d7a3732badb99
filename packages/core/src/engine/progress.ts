// Progress of a long job: every report updates the job record (`jobs <id>` shows it); the first
// and then at most one report per interval also replace the job's "Running…" message in chat.
// The cap is the platform's (Slack allows five uses of a response_url: two leave room for the result).
import type { Connector, ConnectorKit } from "../connector.js";
import { deliverReply } from "./delivery.js";
import type { Jobs } from "./jobs.js";
import type { CommandEvent } from "../types.js";

export interface ProgressTarget {
  jobs: Jobs;
  jobId: string;
  /** The command as shown in chat. */
  text: string;
  connector: Connector;
  event: CommandEvent;
  kit: ConnectorKit;
  now: () => number;
  intervalMs: number;
}

export function progressReporter(target: ProgressTarget): (message: string) => Promise<void> {
  let posted = 0;
  let lastPostAt = Number.NEGATIVE_INFINITY;
  return async (message) => {
    const progress = message.slice(0, 200);
    await target.jobs.update(target.jobId, { progress });
    const at = target.now();
    if (posted >= target.kit.dialect.progressEdits || at - lastPostAt < target.intervalMs) return;
    posted++;
    lastPostAt = at;
    const error = await deliverReply(
      target.connector,
      target.event,
      {
        text: `\`${target.text}\`: ${progress} (job \`${target.jobId}\`)`,
        replaceOriginal: true,
        visibility: "in_channel",
      },
      target.kit,
    );
    // Progress in chat is a courtesy: a failure is logged, and the job goes on.
    if (error)
      target.kit.log.warn("progress message not delivered", { jobId: target.jobId, error });
  };
}
