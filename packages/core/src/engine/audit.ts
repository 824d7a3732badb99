import type { Command, CommandEvent, Logger } from "../types.js";

export type AuditOutcome =
  | "succeeded"
  | "failed"
  | "denied"
  | "confirmation_requested"
  | "confirmed"
  | "cancelled"
  | "deferred"
  | "timed_out"
  | "interrupted"
  | "undelivered";

/** One structured record per command run, refusal, confirmation and cancellation. */
export interface AuditRecord {
  time: string;
  outcome: AuditOutcome;
  /** The command text, with the values of flags marked `secret` masked. */
  command: string;
  user?: CommandEvent["user"];
  channel?: CommandEvent["channel"];
  team?: CommandEvent["team"];
  source?: string;
  durationMs?: number;
  jobId?: string;
  requestId: string;
  /** A short reason for refusals and failures. */
  detail?: string;
}

export type AuditSink = (record: AuditRecord) => Promise<void> | void;

/** Masks the values of flags the command marks `secret`, in any of the forms a flag can take. */
export function maskSecretFlags(command: Command | undefined, tokens: readonly string[]): string[] {
  const secret = Object.entries(command?.flags ?? {}).filter(([, spec]) => spec.secret);
  if (secret.length === 0) return [...tokens];
  const names = new Set(
    secret.flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]),
  );
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.indexOf("=");
    if (eq > 0 && names.has(token.slice(0, eq))) {
      out.push(`${token.slice(0, eq)}=***`);
    } else if (names.has(token)) {
      out.push(token);
      if (i + 1 < tokens.length) {
        out.push("***");
        i++;
      }
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * A routine success: a command that ran at once and worked. It is logged at debug; a bot whose
 * sinks take no such record does not build one.
 */
export function isRoutine(outcome: AuditOutcome, jobId: string | undefined): boolean {
  return outcome === "succeeded" && jobId === undefined;
}

/** Sends every record to the log, and to a chat channel when one is configured. */
export function createAuditor(
  logger: Logger,
  toChannel?: (record: AuditRecord) => Promise<void>,
): AuditSink {
  return async (record) => {
    // A routine success (a command that ran at once and worked) is logged at debug: a line per
    // request on stdout costs more than the request itself. Refusals, failures, confirmations,
    // deferred jobs, cancellations and timeouts stay at info; the sinks get every record.
    logger[isRoutine(record.outcome, record.jobId) ? "debug" : "info"]("audit", { audit: record });
    if (!toChannel) return;
    try {
      await toChannel(record);
    } catch (error) {
      // An audit message that cannot be posted is logged; it never fails the command.
      logger.warn("audit message could not be posted", { error, outcome: record.outcome });
    }
  };
}
