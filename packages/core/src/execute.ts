import type { ConnectorKit, Connector } from "./connector.js";
import type { Dispatcher, Resolution } from "./dispatch.js";
import { randomId } from "./ids.js";
import { FINAL_STATES, type Jobs } from "./jobs.js";
import { quoteTokens } from "./tokenize.js";
import type { CommandEvent, JobEnvelope, Logger, Reply, Runtime, Store } from "./types.js";

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
}

type Runnable = Extract<Resolution, { kind: "command" }>;

interface PendingConfirmation {
  event: CommandEvent;
  text: string;
  requester?: string;
}

const TIMED_OUT = Symbol("timed out");
/** Time kept back from a runtime's remaining time to tell the user before it is killed. */
const SAFETY_MARGIN_MS = 1500;

/** Runs command events for connectors: confirmation, deferral, deadlines, jobs. */
export function createEngine(options: EngineOptions) {
  const { dispatcher, jobs, store, now } = options;

  const commandText = (runnable: Runnable) =>
    quoteTokens([runnable.command.name, ...runnable.argv]);

  async function execute(
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed = false,
  ): Promise<Reply | undefined> {
    const resolution = dispatcher.resolve(event);
    if (resolution.kind !== "command") {
      if (resolution.kind === "denied")
        kit.log.warn("command refused", { command: resolution.command.name, user: event.user?.id });
      return dispatcher.replyFor(resolution);
    }
    const { command } = resolution;
    if (command.confirm && !confirmed) return askToConfirm(resolution, event);
    if (command.defer) return deferJob(resolution, event, connector, kit);

    const controller = new AbortController();
    const running = dispatcher.run(resolution, event, {
      requestId: kit.requestId,
      signal: controller.signal,
      log: kit.log,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), options.deadlineMs);
    });
    const winner = await Promise.race([running, deadline]);
    clearTimeout(timer);
    if (winner !== TIMED_OUT) return winner.reply;

    // Too slow to answer in time: acknowledge now and deliver the result when it comes.
    const late = running
      .then(({ reply }) => (reply ? connector.deliver(event, reply, kit) : undefined))
      .catch((error) => kit.log.error("late reply failed", { error, command: command.name }));
    kit.runtime.waitUntil?.(late);
    return {
      text: `Still working on \`${commandText(resolution)}\`; the answer will follow here.`,
      visibility: "in_channel",
    };
  }

  async function askToConfirm(runnable: Runnable, event: CommandEvent): Promise<Reply> {
    const id = randomId(12);
    const text = commandText(runnable);
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
  ): Promise<Reply> {
    const id = randomId();
    const text = commandText(runnable);
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
    if (kit.runtime.defer) {
      await kit.runtime.defer(envelope);
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
    // The policy is checked again here: a replayed or forged job cannot skip it.
    const resolution = dispatcher.resolve(envelope.event);
    if (resolution.kind !== "command") {
      await jobs.update(envelope.id, { state: "failed", endedAt: now(), result: resolution.kind });
      await connector.deliver(envelope.event, dispatcher.replyFor(resolution), kit);
      return;
    }
    await jobs.update(envelope.id, { state: "running", startedAt: now() });
    const controller = new AbortController();
    const budget = Math.min(
      resolution.command.timeoutMs ?? options.jobTimeoutMs,
      kit.runtime.remainingMs
        ? kit.runtime.remainingMs() - SAFETY_MARGIN_MS
        : Number.POSITIVE_INFINITY,
    );
    const running = dispatcher.run(resolution, envelope.event, {
      requestId: envelope.requestId ?? kit.requestId,
      signal: controller.signal,
      jobId: envelope.id,
      log,
      onProgress: async (message) => {
        await jobs.update(envelope.id, { progress: message });
      },
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, budget));
    });
    const outcome = await Promise.race([running, deadline]);
    clearTimeout(timer);
    if (outcome === TIMED_OUT) {
      controller.abort(new Error("timed out"));
      await jobs.update(envelope.id, {
        state: "timed_out",
        endedAt: now(),
        result: `timed out after ${Math.round(budget / 1000)} s`,
      });
      await connector.deliver(
        envelope.event,
        {
          text: `\`${commandText(resolution)}\` timed out after ${Math.round(budget / 1000)} s (job \`${envelope.id}\`).`,
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
    if (outcome.reply)
      await connector.deliver(envelope.event, { visibility: "in_channel", ...outcome.reply }, kit);
  }

  /** A press of a button CatOps sent. The presser is the event's user. */
  async function act(
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
    if (!pending)
      return {
        text: "This confirmation has expired; run the command again.",
        replaceOriginal: true,
        error: true,
      };
    const presserId = presser.user?.id;
    if (pending.requester && presserId !== pending.requester) {
      const resolution = dispatcher.resolve({ ...pending.event, user: presser.user });
      const allowedByRule = resolution.kind === "command" && resolution.command.allow !== undefined;
      if (!allowedByRule)
        return {
          text: `Only <@${pending.requester}> can answer this confirmation.`,
          visibility: "ephemeral",
          error: true,
        };
    }
    if (
      !(await store.setIfAbsent(`confirm-used:${id}`, presserId ?? "unknown", {
        ttlSeconds: options.confirmTtlSeconds,
      }))
    ) {
      return { text: "This confirmation was already used.", visibility: "ephemeral", error: true };
    }
    await store.delete(`confirm:${id}`);
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
