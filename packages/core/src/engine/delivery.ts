// Late replies: a connector resolves to `{ error }` (or throws) when a message could not be
// delivered. For a job that is noted on its record and audited `undelivered`, so `jobs` and
// `history` show it and nothing is lost without a trace.
import type { Connector, ConnectorKit } from "../connector.js";
import type { Jobs } from "./jobs.js";
import type { CommandEvent, Reply } from "../types.js";

const MAX_RESULT = 300;

/** Delivers `reply`; resolves to why it was not delivered, or undefined when it was. */
export async function deliverReply(
  connector: Connector,
  event: CommandEvent,
  reply: Reply,
  kit: ConnectorKit,
): Promise<string | undefined> {
  try {
    const delivery = await connector.deliver(event, reply, kit);
    return delivery ? delivery.error : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Delivers a job's reply; when that fails, the job's record says so and `audit` is told why. */
export async function deliverJobReply(
  jobs: Jobs,
  jobId: string,
  connector: Connector,
  event: CommandEvent,
  reply: Reply,
  kit: ConnectorKit,
  audit: (detail: string) => Promise<void>,
): Promise<void> {
  const error = await deliverReply(connector, event, reply, kit);
  if (error === undefined) return;
  kit.log.error("job reply not delivered", { jobId, error });
  await audit(`reply not delivered: ${error}`.slice(0, MAX_RESULT));
  try {
    const job = await jobs.get(jobId);
    const note = `reply not delivered: ${error}`;
    const result = (job?.result ? `${job.result} (${note})` : note).slice(0, MAX_RESULT);
    await jobs.update(jobId, { result, deliveryError: error.slice(0, MAX_RESULT) });
  } catch (storeError) {
    kit.log.error("job record could not note the undelivered reply", { jobId, error: storeError });
  }
}
