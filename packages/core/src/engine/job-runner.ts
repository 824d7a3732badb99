// Runs a deferred job to its end: once, under the policy, within its time budget, and
// stoppable through cancellation, whichever invocation or process it runs in.
import type { Connector, ConnectorKit } from "../connector.js";
import { deliverJobReply } from "./delivery.js";
import { after, type EngineBase, type EngineOptions, TIMED_OUT } from "./engine-base.js";
import type { JobEnd } from "./job-end.js";
import { LEASE_SECONDS, leaseKey } from "./job-lease.js";
import { FINAL_STATES } from "./jobs.js";
import { chatMarkup } from "../dialect.js";
import { offerAnswer } from "./job-answer.js";
import type { JobRecord } from "./jobs.js";
import { progressReporter } from "./progress.js";
import type { JobEnvelope, Reply } from "../types.js";

const CANCELLED = Symbol("cancelled");
const LEASE_RENEW_MS = (LEASE_SECONDS * 1000) / 3;
/** Time kept back from a runtime's remaining time to tell the user before it is killed. */
const SAFETY_MARGIN_MS = 1500;

export function createJobRunner(options: EngineOptions, base: EngineBase, jobEnd: JobEnd) {
  const { dispatcher, jobs, store, now } = options;
  const { resolve, record, commandText } = base;

  /** Runs one deferred job to its end, once, even when the envelope is delivered twice. */
  async function runJob(
    envelope: JobEnvelope,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<void> {
    const job = await jobs.get(envelope.id);
    // Only a job this bot recorded runs: an envelope is data from outside (a queue message, an
    // invocation payload) until its record, written when the command was deferred, vouches for it.
    const forged = job ? forgery(envelope, job) : "no job of that id was recorded";
    if (!job || forged) {
      kit.log.warn("job envelope refused", { jobId: envelope.id, reason: forged });
      await record(
        "denied",
        envelope.event,
        "(job envelope)",
        envelope.requestId ?? kit.requestId,
        {
          jobId: envelope.id,
          detail: `job envelope refused: ${forged}`,
        },
      );
      return;
    }
    if (FINAL_STATES.has(job.state)) return;
    const log = kit.log.child ? kit.log.child({ jobId: envelope.id }) : kit.log;
    const { event } = envelope;
    const requestId = envelope.requestId ?? kit.requestId;
    const recorded = job.command;
    /**
     * The job's reply: to the request still waiting for it (an awaited job), else to the chat.
     * `late` is the reply as a message of its own, when it differs from the inline answer.
     */
    async function answer(reply: Reply | undefined, late: Reply | undefined = reply) {
      if (envelope.awaited) {
        const taken = await offerAnswer(store, envelope.id, reply).catch((error) => {
          log.warn("job answer not offered to its request; delivering it", { error });
          return false;
        });
        if (taken) return;
      }
      if (!late) return;
      await deliverJobReply(jobs, envelope.id, connector, event, late, kit, (detail) =>
        record("undelivered", event, recorded, requestId, { jobId: envelope.id, detail }),
      );
    }
    // The policy is checked again here: a replayed or forged job cannot skip it.
    const resolution = await resolve(event, kit.dialect);
    const recordedAs = resolution.kind === "command" ? commandText(resolution) : undefined;
    if (recordedAs !== undefined && recordedAs !== job.command) {
      kit.log.warn("job envelope refused", { jobId: envelope.id, reason: "command differs" });
      await record("denied", event, recordedAs, requestId, {
        jobId: envelope.id,
        detail: "job envelope refused: its command differs from the job's record",
      });
      return;
    }
    // A run holds a lease while it lives: a delivery that finds it held is a duplicate. One that
    // finds the job running with no lease comes after a run that died.
    if (!(await store.setIfAbsent(leaseKey(envelope.id), now(), { ttlSeconds: LEASE_SECONDS }))) {
      kit.log.info("job already running elsewhere; duplicate delivery ignored", {
        jobId: envelope.id,
      });
      return;
    }
    if (
      job.state === "running" &&
      !(resolution.kind === "command" && resolution.command.idempotent)
    ) {
      await store.delete(leaseKey(envelope.id));
      await jobEnd.abandon(
        job,
        { state: "interrupted", reason: "the process running it stopped before it finished" },
        connector,
        kit,
      );
      return;
    }
    if (resolution.kind !== "command") {
      await jobs.update(envelope.id, { state: "failed", endedAt: now(), result: resolution.kind });
      if (resolution.kind === "denied") {
        await record("denied", event, resolution.command.name, requestId, {
          jobId: envelope.id,
          detail: resolution.requirement,
        });
      }
      await answer(await dispatcher.replyFor(resolution, kit.dialect));
      return;
    }
    const text = commandText(resolution);
    if (job.cancelRequested) {
      await jobs.update(envelope.id, {
        state: "cancelled",
        endedAt: now(),
        result: "cancelled before it started",
      });
      await record("cancelled", event, text, requestId, { jobId: envelope.id });
      await answer({
        text: `\`${text}\` was cancelled before it started (job \`${envelope.id}\`).`,
      });
      return;
    }

    const started = now();
    await jobs.update(envelope.id, { state: "running", startedAt: started });
    const controller = new AbortController();
    const stopWatching = (await options.cancellation()).watch(envelope.id, controller);
    const lease = setInterval(() => {
      store
        .set(leaseKey(envelope.id), now(), { ttlSeconds: LEASE_SECONDS })
        .catch((error) => log.warn("job lease not renewed", { error }));
    }, LEASE_RENEW_MS);
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
      dialect: kit.dialect,
      deliver: kit.deliver,
      onProgress: progressReporter({
        jobs,
        jobId: envelope.id,
        text,
        connector,
        event,
        kit,
        now,
        intervalMs: options.progressIntervalMs ?? 5000,
      }),
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
          ? "cancelled"
          : "cancelled; the command ignored the signal and was abandoned";
        await jobs.update(envelope.id, { state: "cancelled", endedAt: now(), result });
        await record("cancelled", event, text, requestId, {
          jobId: envelope.id,
          durationMs,
          detail: by ? `${result} by ${by}` : result,
        });
        const say = chatMarkup(kit.dialect);
        const message = by
          ? say.text`\`${text}\` was ${result} by ${say.mention({ id: by })} (job \`${envelope.id}\`).`
          : say.text`\`${text}\` was ${result} (job \`${envelope.id}\`).`;
        await answer({ text: message, visibility: "in_channel", raw: true });
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
        await answer({
          text: `\`${text}\` timed out after ${seconds} s (job \`${envelope.id}\`).`,
          error: true,
        });
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
      // Inline, the reply is what the command said; late, it is a message of its own.
      await answer(outcome.reply, outcome.reply && { visibility: "in_channel", ...outcome.reply });
    } finally {
      deadline.clear();
      stopWatching();
      clearInterval(lease);
      await store.delete(leaseKey(envelope.id)).catch(() => {});
    }
  }

  return runJob;
}

/** Why an envelope is not one this bot wrote for the job it names, or undefined when it is. */
function forgery(envelope: JobEnvelope, job: JobRecord): string | undefined {
  const { event } = envelope;
  if (job.connector !== envelope.connector) return "its connector differs from the job's record";
  if (job.user?.id !== event.user?.id) return "its user differs from the job's record";
  if (job.channel?.id !== event.channel?.id) return "its channel differs from the job's record";
  if (job.responseUrl !== event.responseUrl)
    return "its reply address differs from the job's record";
  return undefined;
}
