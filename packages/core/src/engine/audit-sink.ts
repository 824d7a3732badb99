// Where each audit record goes: the log always, the audit channel when there is one (after the
// answer of the request it belongs to), the history, and the caller's own sink.
import type { Connector, ConnectorKit } from "../connector.js";
import type { CommandEvent, Logger, Runtime } from "../types.js";
import { type AuditSink, createAuditor } from "./audit.js";
import type { KeptHistory } from "./history-feature.js";

export interface AuditSinkParts {
  logger: Logger;
  /** The chat channel that gets a compact line for every record. */
  auditChannel?: string;
  history?: KeptHistory;
  onAudit?: AuditSink;
  /** The connector that posts the line, and a kit for it. */
  connector: () => Connector;
  kitFor: (connector: Connector, runtime: Runtime, requestId: string) => ConnectorKit;
}

export function createAuditSink(parts: AuditSinkParts): {
  audit: AuditSink;
  /** Requests being answered, by id, while an audit channel needs their runtime; else none. */
  answering?: Map<string, Runtime>;
} {
  const { auditChannel, logger } = parts;

  /** The original's "Slack logger": a compact, coloured line in the audit channel. */
  async function postAudit(channelId: string, record: Parameters<AuditSink>[0]): Promise<void> {
    const connector = parts.connector();
    const event: CommandEvent = { command: [], channel: { id: channelId }, source: "audit" };
    const { auditMessage } = await import("./audit-message.js");
    const message = auditMessage(record, connector.dialect);
    await connector.deliver(event, message, parts.kitFor(connector, {}, record.requestId));
  }

  // An audit message about a request being answered is posted after the answer (the runtime's
  // waitUntil), never before it, so a platform's deadline never waits on chat.
  const answering = auditChannel ? new Map<string, Runtime>() : undefined;
  const auditToLog = createAuditor(
    logger,
    auditChannel
      ? (record) => {
          const runtime = answering?.get(record.requestId);
          if (!runtime?.waitUntil) return postAudit(auditChannel, record);
          // Started on a later turn, once the answer has gone out.
          const post = new Promise((resolve) => setTimeout(resolve, 0))
            .then(() => postAudit(auditChannel, record))
            .catch((error) =>
              logger.warn("audit message could not be posted", { error, outcome: record.outcome }),
            );
          runtime.waitUntil(post);
          return Promise.resolve();
        }
      : undefined,
  );
  const audit: AuditSink = async (record) => {
    await auditToLog(record);
    await parts.history?.record(record);
    await parts.onAudit?.(record);
  };
  return { audit, answering };
}
