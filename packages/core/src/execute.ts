import { LazyAbortController } from "./abort.js";
import { type AuditOutcome, type AuditRecord, type AuditSink, maskSecretFlags } from "./audit.js";
import type { Cancellation } from "./cancel.js";
import type { Connector, ConnectorKit } from "./connector.js";
import type { Dispatcher, Resolution } from "./dispatch.js";
import { deliverJobReply, deliverReply } from "./delivery.js";
import { loadStoredGroups } from "./groups.js";
import { randomId } from "./ids.js";
import { FINAL_STATES, type Jobs } from "./jobs.js";
import { quoteTokens } from "./tokenize.js";
import type { CommandEvent, JobEnvelope, Logger, Reply, Store } from "./types.js";

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
  cancellation: Cancellation;
  /** How long a cancelled job may take to stop before it is abandoned. */
  cancelGraceMs: number;
  /** Masks configured secrets in command text a user typed (echoed in replies, audit, jobs). */
  redact?: (text: string) => string;
}

type Runnable = Extract<Resolution, { kind: "command" }>;

interface PendingConfirmation {
  event: CommandEvent;
  text: string;
  requester?: string;
}

const TIMED_OUT = Symbol("timed out");
const CANCELLED = Symbol("cancelled");
/** Time kept back from a runtime's remaining time to tell the user before it is killed. */
const SAFETY_MARGIN_MS = 1500;

function after<T>(ms: number, value: T): { promise: Promise<T>; clear: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), Math.max(0, ms));
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** Runs command events for connectors: policy, confirmation, deferral, deadlines, jobs, audit. */
export function createEngine(options: EngineOptions) {
  const { dispatcher, jobs, store, now, audit } = options;

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
  async function resolve(event: CommandEvent): Promise<Resolution> {
    const first = dispatcher.resolve(event);
    if (first.kind !== "denied" || !first.command.allow?.groups?.length) return first;
    return dispatcher.resolve(event, await loadStoredGroups(store));
  }

  function record(
    outcome: AuditOutcome,
    event: CommandEvent,
    command: string,
    requestId: string,
    extra: Partial<AuditRecord> = {},
  ): Promise<void> {
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

  /**
   * Runs a command event for a connector. A failure of something the engine depends on (the
   * store above all) is answered with a clear message; every such failure comes before the
   * command starts, so it did not run.
   */
  async function execute(
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed = false,
  ): Promise<Reply | undefined> {
    try {
      return await executeOrThrow(event, connector, kit, confirmed);
    } catch (error) {
      return couldNotHandle(error, kit);
    }
  }

  function couldNotHandle(error: unknown, kit: ConnectorKit): Reply {
    kit.log.error("command could not be handled", { error });
    return {
      text: `CatOps could not handle that command: a service it depends on failed (request \`${kit.requestId}\`). It did not run; try again in a moment.`,
      error: true,
      visibility: "ephemeral",
    };
  }

  async function executeOrThrow(
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed: boolean,
  ): Promise<Reply | undefined> {
    const resolution = await resolve(event);
    if (resolution.kind !== "command") {
      if (resolution.kind === "denied") {
        kit.log.warn("command refused", { command: resolution.command.name, user: event.user?.id });
        await record("denied", event, resolution.command.name, kit.requestId, {
          detail: resolution.requirement,
        });
      }
      return dispatcher.replyForEvent(resolution, event);
    }
    const { command } = resolution;
    const text = commandText(resolution);
    if (command.confirm && !confirmed) {
      await record("confirmation_requested", event, text, kit.requestId);
      return askToConfirm(resolution, event, text);
    }
    if (command.defer) return deferJob(resolution, event, connector, kit, text);

    const started = now();
    const controller = new LazyAbortController();
    let timedOut = false;
    const running = dispatcher
      .run(resolution, event, {
        requestId: kit.requestId,
        abort: controller,
        log: kit.log,
        env: kit.env,
      })
      .then(async (outcome) => {
        if (!timedOut)
          await record(outcome.ok ? "succeeded" : "failed", event, text, kit.requestId, {
            durationMs: now() - started,
            ...(outcome.ok ? {} : { detail: outcome.reply?.text?.split("\n")[0] }),
          });
        return outcome;
      });
    const deadline = after(options.deadlineMs, TIMED_OUT);
    const winner = await Promise.race([running, deadline.promise]);
    deadline.clear();
    if (winner !== TIMED_OUT) return winner.reply;

    // Too slow to answer in time: acknowledge now and deliver the result when it comes, or say
    // it timed out: a command that never settles must not hold the runtime forever.
    const budgetMs = command.timeoutMs ?? options.jobTimeoutMs;
    const limit = after(budgetMs - (now() - started), TIMED_OUT);
    const late = Promise.race([running, limit.promise])
      .then(async (outcome) => {
        limit.clear();
        let reply = outcome === TIMED_OUT ? undefined : outcome.reply;
        if (outcome === TIMED_OUT) {
          timedOut = true;
          controller.abort(new Error("timed out"));
          const seconds = Math.round(budgetMs / 1000);
          await record("timed_out", event, text, kit.requestId, { durationMs: now() - started });
          reply = { text: `\`${text}\` timed out after ${seconds} s.`, error: true };
        }
        const error = reply ? await deliverReply(connector, event, reply, kit) : undefined;
        if (error) kit.log.error("late reply not delivered", { error, command: command.name });
      })
      .catch((error) => kit.log.error("late reply failed", { error, command: command.name }));
    kit.runtime.waitUntil?.(late);
    return {
      text: `Still working on \`${text}\`; the answer will follow here.`,
      visibility: "in_channel",
    };
  }

  async function askToConfirm(
    runnable: Runnable,
    event: CommandEvent,
    text: string,
  ): Promise<Reply> {
    const id = randomId(12);
    const pending: PendingConfirmation = { event, text, requester: event.user?.id };
    await store.set(`confirm:${id}`, pending, { ttlSeconds: options.confirmTtlSeconds });
    const question =
      typeof runnable.command.confirm === "string" ? runnable.command.confirm : `Run \`${text}\`?`;
    return {
      text: question,
      visibility: "ephemeral",
      buttons: [
        { text: "Run", action: "catops.confirm", value: id, style: "primary" },
        { text: "Cancel", action: "catops.cancel", value: id },
      ],
    };
  }

  async function deferJob(
    runnable: Runnable,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    text: string,
  ): Promise<Reply> {
    const id = randomId();
    await jobs.create({
      id,
      command: text,
      user: event.user,
      channel: event.channel,
      connector: connector.name,
    });
    const envelope: JobEnvelope = {
      kind: "catops.job",
      id,
      connector: connector.name,
      event,
      enqueuedAt: now(),
      requestId: kit.requestId,
      ...(runnable.command.defer === "long" ? { long: true } : {}),
    };
    await record("deferred", event, text, kit.requestId, { jobId: id });
    if (kit.runtime.defer) {
      try {
        await kit.runtime.defer(envelope);
      } catch (error) {
        // The queue refused the job: say so now rather than leave it queued forever.
        kit.log.error("job could not be started", { error, jobId: id });
        await jobs.update(id, { state: "failed", endedAt: now(), result: "could not be started" });
        await record("failed", event, text, kit.requestId, {
          jobId: id,
          detail: "could not be started",
        });
        return {
          text: `\`${text}\` could not be started; try again in a moment.`,
          error: true,
          visibility: "ephemeral",
        };
      }
    } else {
      const background = runJob(envelope, connector, kit).catch((error) =>
        kit.log.error("job failed", { error, jobId: id }),
      );
      kit.runtime.waitUntil?.(background);
    }
    return { text: `Running \`${text}\`… (job \`${id}\`)`, visibility: "in_channel" };
  }

  /** Runs one deferred job to its end, once, even when the envelope is delivered twice. */
  async function runJob(
    envelope: JobEnvelope,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<void> {
    const job = await jobs.get(envelope.id);
    if (job && FINAL_STATES.has(job.state)) return;
    if (!(await store.setIfAbsent(`job-run:${envelope.id}`, now(), { ttlSeconds: 86400 }))) {
      kit.log.info("job already started elsewhere; duplicate delivery ignored", {
        jobId: envelope.id,
      });
      return;
    }
    const log = kit.log.child ? kit.log.child({ jobId: envelope.id }) : kit.log;
    const { event } = envelope;
    const requestId = envelope.requestId ?? kit.requestId;
    // The policy is checked again here: a replayed or forged job cannot skip it.
    const resolution = await resolve(event);
    if (resolution.kind !== "command") {
      await jobs.update(envelope.id, { state: "failed", endedAt: now(), result: resolution.kind });
      if (resolution.kind === "denied") {
        await record("denied", event, resolution.command.name, requestId, {
          jobId: envelope.id,
          detail: resolution.requirement,
        });
      }
      await deliverJobReply(
        jobs,
        envelope.id,
        connector,
        event,
        dispatcher.replyFor(resolution),
        kit,
      );
      return;
    }
    const text = commandText(resolution);
    if (job?.cancelRequested) {
      await jobs.update(envelope.id, {
        state: "cancelled",
        endedAt: now(),
        result: "cancelled before it started",
      });
      await record("cancelled", event, text, requestId, { jobId: envelope.id });
      await deliverJobReply(
        jobs,
        envelope.id,
        connector,
        event,
        { text: `\`${text}\` was cancelled before it started (job \`${envelope.id}\`).` },
        kit,
      );
      return;
    }

    const started = now();
    await jobs.update(envelope.id, { state: "running", startedAt: started });
    const controller = new AbortController();
    const stopWatching = options.cancellation.watch(envelope.id, controller);
    const budget = Math.min(
      resolution.command.timeoutMs ?? options.jobTimeoutMs,
      kit.runtime.remainingMs
        ? kit.runtime.remainingMs() - SAFETY_MARGIN_MS
        : Number.POSITIVE_INFINITY,
    );
    const running = dispatcher.run(resolution, event, {
      requestId,
      signal: controller.signal,
      jobId: envelope.id,
      log,
      env: kit.env,
      onProgress: async (message) => {
        await jobs.update(envelope.id, { progress: message });
      },
    });
    const deadline = after(budget, TIMED_OUT);
    const cancelled = new Promise<typeof CANCELLED>((resolve) =>
      controller.signal.addEventListener("abort", () => resolve(CANCELLED), { once: true }),
    );
    try {
      const outcome = await Promise.race([running, deadline.promise, cancelled]);
      const durationMs = now() - started;
      if (outcome === CANCELLED) {
        const grace = after(options.cancelGraceMs, TIMED_OUT);
        const stopped = (await Promise.race([running, grace.promise])) !== TIMED_OUT;
        grace.clear();
        const by = (await jobs.get(envelope.id))?.cancelRequested?.by;
        const result = stopped
          ? `cancelled${by ? ` by <@${by}>` : ""}`
          : "cancelled; the command ignored the signal and was abandoned";
        await jobs.update(envelope.id, { state: "cancelled", endedAt: now(), result });
        await record("cancelled", event, text, requestId, {
          jobId: envelope.id,
          durationMs,
          detail: result,
        });
        await deliverJobReply(
          jobs,
          envelope.id,
          connector,
          event,
          { text: `\`${text}\` was ${result} (job \`${envelope.id}\`).`, visibility: "in_channel" },
          kit,
        );
        return;
      }
      if (outcome === TIMED_OUT) {
        controller.abort(new Error("timed out"));
        const seconds = Math.round(budget / 1000);
        await jobs.update(envelope.id, {
          state: "timed_out",
          endedAt: now(),
          result: `timed out after ${seconds} s`,
        });
        await record("timed_out", event, text, requestId, { jobId: envelope.id, durationMs });
        await deliverJobReply(
          jobs,
          envelope.id,
          connector,
          event,
          {
            text: `\`${text}\` timed out after ${seconds} s (job \`${envelope.id}\`).`,
            error: true,
          },
          kit,
        );
        return;
      }
      await jobs.update(envelope.id, {
        state: outcome.ok ? "succeeded" : "failed",
        endedAt: now(),
        result: outcome.reply?.text?.slice(0, 200),
      });
      await record(outcome.ok ? "succeeded" : "failed", event, text, requestId, {
        jobId: envelope.id,
        durationMs,
      });
      if (outcome.reply)
        await deliverJobReply(
          jobs,
          envelope.id,
          connector,
          event,
          {
            visibility: "in_channel",
            ...outcome.reply,
          },
          kit,
        );
    } finally {
      deadline.clear();
      stopWatching();
    }
  }

  /** A press of a button CatOps sent. The presser is the event's user. */
  async function act(
    action: { action: string; value?: string },
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply | undefined> {
    try {
      return await actOrThrow(action, event, connector, kit);
    } catch (error) {
      // A confirmation's store read or write failed: nothing ran, and the presser is told.
      return couldNotHandle(error, kit);
    }
  }

  async function actOrThrow(
    action: { action: string; value?: string },
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply | undefined> {
    switch (action.action) {
      case "catops.run":
        if (!action.value) return undefined;
        return execute({ ...event, command: [], text: action.value }, connector, kit);
      case "catops.confirm":
      case "catops.cancel":
        return answerConfirmation(
          action.action === "catops.confirm",
          action.value ?? "",
          event,
          connector,
          kit,
        );
      default:
        kit.log.info("unknown action acknowledged", { action: action.action });
        return undefined;
    }
  }

  async function answerConfirmation(
    run: boolean,
    id: string,
    presser: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply> {
    const pending = await store.get<PendingConfirmation>(`confirm:${id}`);
    if (!pending) {
      return {
        text: "This confirmation has expired; run the command again.",
        replaceOriginal: true,
        error: true,
      };
    }
    const presserId = presser.user?.id;
    if (pending.requester && presserId !== pending.requester) {
      // Someone else may answer only when the command's allow rule names them.
      const resolution = await resolve({ ...pending.event, user: presser.user });
      const allowedByRule = resolution.kind === "command" && resolution.command.allow !== undefined;
      if (!allowedByRule) {
        return {
          text: `Only <@${pending.requester}> can answer this confirmation.`,
          visibility: "ephemeral",
          error: true,
        };
      }
    }
    const firstAnswer = await store.setIfAbsent(`confirm-used:${id}`, presserId ?? "unknown", {
      ttlSeconds: options.confirmTtlSeconds,
    });
    if (!firstAnswer)
      return { text: "This confirmation was already used.", visibility: "ephemeral", error: true };
    await store.delete(`confirm:${id}`);
    await record(
      run ? "confirmed" : "cancelled",
      { ...pending.event, user: presser.user },
      pending.text,
      kit.requestId,
    );
    if (!run) return { text: `Cancelled \`${pending.text}\`.`, replaceOriginal: true };
    const event: CommandEvent = {
      ...pending.event,
      responseUrl: presser.responseUrl ?? pending.event.responseUrl,
    };
    const reply = await execute(event, connector, kit, true);
    return reply
      ? { replaceOriginal: true, visibility: "in_channel", ...reply }
      : { text: `Ran \`${pending.text}\`.`, replaceOriginal: true };
  }

  return { execute, act, runJob };
}

export type Engine = ReturnType<typeof createEngine>;
