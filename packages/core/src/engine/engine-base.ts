// What the engine's parts share: the options, how a command is shown, how it is resolved
// against the policy, and how each outcome is audited.
import {
  type AuditOutcome,
  type AuditRecord,
  type AuditSink,
  isRoutine,
  maskSecretFlags,
} from "./audit.js";
import type { Cancellation } from "./cancel.js";
import type { ChatDialect } from "../dialect.js";
import type { Dispatcher, Resolution } from "../dispatch/dispatch.js";
import { loadStoredGroups } from "../dispatch/groups.js";
import type { Jobs } from "./jobs.js";
import type { Expanded } from "./rerun.js";
import { quoteTokens } from "../dispatch/tokenize.js";
import type { CommandEvent, Logger, Store } from "../types.js";

export interface EngineOptions {
  dispatcher: Dispatcher;
  jobs: Jobs;
  store: Store;
  logger: Logger;
  now: () => number;
  /** How long a command may run before Slack's 3 s limit forces an acknowledgement. */
  deadlineMs: number;
  /** How long a deferred job may run when its command does not say. */
  jobTimeoutMs: number;
  /** How long a confirmation stays pressable. */
  confirmTtlSeconds: number;
  audit: AuditSink;
  /**
   * Whether any sink takes routine successes (a debug log, an audit channel, `onAudit`). When
   * none does, such a record is never built. Default true.
   */
  auditsRoutine?: boolean;
  /** Watches a running job for a cancel: loaded with the first job. */
  cancellation: () => Promise<Cancellation>;
  /** How long a cancelled job may take to stop before it is abandoned. */
  cancelGraceMs: number;
  /** The least time between two progress messages of one job in chat. Default 5000. */
  progressIntervalMs?: number;
  /** Masks configured secrets in command text a user typed (echoed in replies, audit, jobs). */
  redact?: (text: string) => string;
  /** Puts another command line in the place of the event (`rerun <id>`), or answers it. */
  expand?: (event: CommandEvent, dialect: ChatDialect) => Promise<Expanded>;
}

export type Runnable = Extract<Resolution, { kind: "command" }>;

export const TIMED_OUT = Symbol("timed out");

/** A timer as a promise that resolves to `value` after `ms`, and its cancel. */
export function after<T>(ms: number, value: T): { promise: Promise<T>; clear: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), Math.max(0, ms));
  });
  return { promise, clear: () => clearTimeout(timer) };
}

const DONE = Promise.resolve();

export function createEngineBase(options: EngineOptions) {
  const { dispatcher, store, now, audit } = options;

  /** The command as typed, with secret flag values masked: what logs, audit and chat show. */
  const redact = options.redact ?? ((text: string) => text);
  const commandText = (runnable: Runnable) =>
    redact(
      quoteTokens(maskSecretFlags(runnable.command, [runnable.command.name, ...runnable.argv])),
    );

  /**
   * Resolves with the configured groups first; the store is read for groups granted from chat
   * only when that refusal could change, so open commands cost no store round trip.
   */
  function resolve(event: CommandEvent, dialect: ChatDialect): Resolution | Promise<Resolution> {
    const first = dispatcher.resolve(event, { dialect });
    if (first.kind !== "denied" || !first.command.allow?.groups?.length) return first;
    return loadStoredGroups(store).then((storedGroups) =>
      dispatcher.resolve(event, { dialect, storedGroups }),
    );
  }

  /** Whether `record` writes this outcome anywhere: a routine success often goes nowhere. */
  function audits(outcome: AuditOutcome, jobId?: string): boolean {
    return options.auditsRoutine !== false || !isRoutine(outcome, jobId);
  }

  function record(
    outcome: AuditOutcome,
    event: CommandEvent,
    command: string,
    requestId: string,
    extra: Partial<AuditRecord> = {},
  ): Promise<void> {
    if (!audits(outcome, extra.jobId)) return DONE;
    return Promise.resolve(
      audit({
        time: new Date(now()).toISOString(),
        outcome,
        command,
        user: event.user,
        channel: event.channel,
        team: event.team,
        source: event.source,
        requestId,
        ...extra,
      }),
    ).catch((error) =>
      // A sink that fails (an external audit hook) never fails the command it records.
      options.logger.error("audit record failed", { error, outcome }),
    );
  }

  return { resolve, record, audits, commandText };
}

export type EngineBase = ReturnType<typeof createEngineBase>;
