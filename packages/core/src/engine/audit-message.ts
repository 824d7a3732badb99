// The audit channel's line for a record: loaded with the first one posted, as most bots have
// no audit channel.
import { type ChatDialect, chatMarkup, Markup, plainDialect } from "../dialect.js";
import type { Reply } from "../types.js";
import type { AuditOutcome, AuditRecord } from "./audit.js";

const LEVEL: Record<AuditOutcome, NonNullable<Reply["attachments"]>[number]["level"]> = {
  succeeded: "success",
  failed: "error",
  denied: "warning",
  confirmation_requested: "info",
  confirmed: "info",
  cancelled: "warning",
  deferred: "info",
  timed_out: "error",
  interrupted: "error",
  undelivered: "error",
};

/** A compact chat message for an audit record: one line, coloured by outcome. */
export function auditMessage(record: AuditRecord, dialect: ChatDialect = plainDialect): Reply {
  const say = chatMarkup(dialect);
  const who = record.user ? say.mention(record.user) : "someone";
  const where = record.channel ? say.text` in ${say.channel(record.channel)}` : "";
  const took = record.durationMs !== undefined ? ` (${record.durationMs} ms)` : "";
  const job = record.jobId ? ` job \`${record.jobId}\`` : "";
  const detail = record.detail ? `: ${record.detail}` : "";
  const outcome = record.outcome.replace(/_/g, " ");
  return {
    attachments: [
      {
        level: LEVEL[record.outcome],
        text: say.text`${who} \`${record.command}\`${new Markup(where)}: ${outcome}${job}${took}${detail}`,
      },
    ],
    visibility: "in_channel",
    raw: true,
  };
}
