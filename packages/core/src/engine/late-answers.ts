// A command that does not answer in time, or is not to: it becomes a job. Acknowledged now, its
// answer delivered when it comes; or recorded and handed to the runtime's queue (or run after
// the answer); or, where nothing can run after the answer, run as a job the request waits for.
// Loaded on first use (on-demand.ts): a command answered at once never needs any of it.
import type { LazyAbortController } from "./abort.js";
import type { Connector, ConnectorKit } from "../connector.js";
import type { RunOutcome } from "../dispatch/dispatch.js";
import { deliverReply } from "./delivery.js";
import {
  after,
  type EngineBase,
  type EngineOptions,
  type Runnable,
  TIMED_OUT,
} from "./engine-base.js";
import { randomId } from "../ids.js";
import { awaitAnswer } from "./job-answer.js";
import type { CommandEvent, JobEnvelope, Reply } from "../types.js";

/** A command started by the engine and still running at its deadline. */
export interface StartedRun {
  resolution: Runnable;
  event: CommandEvent;
  connector: Connector;
  kit: ConnectorKit;
  started: number;
  controller: LazyAbortController;
}

type RunJob = (envelope: JobEnvelope, connector: Connector, kit: ConnectorKit) => Promise<unknown>;

export function createLateAnswers(options: EngineOptions, base: EngineBase, runJob: RunJob) {
  const { jobs, now } = options;
  const { record } = base;

  /**
   * A command past its deadline: the acknowledgement now, and its answer delivered when it
   * comes, or word that it timed out (`markTimedOut` keeps its outcome from being recorded
   * twice).
   */
  function answerLate(
    running: Promise<RunOutcome>,
    run: StartedRun,
    text: string,
    markTimedOut: () => void,
  ): Reply {
    const { resolution, event, connector, kit, started, controller } = run;
    const { command } = resolution;
    // Too slow to answer in time: acknowledge now and deliver the result when it comes, or say
    // it timed out: a command that never settles must not hold the runtime forever. From here it
    // is a job: it has a record, so a shutdown or a dead process ends it like any other job.
    const budgetMs = command.timeoutMs ?? options.jobTimeoutMs;
    const limit = after(budgetMs - (now() - started), TIMED_OUT);
    const jobId = randomId();
    const recorded = jobs
      .create({
        id: jobId,
        command: text,
        user: event.user,
        channel: event.channel,
        connector: connector.name,
        ...(event.responseUrl ? { responseUrl: event.responseUrl } : {}),
      })
      .then(() => jobs.update(jobId, { state: "running", startedAt: started }))
      .then(
        () => true,
        (error) => {
          kit.log.warn("late answer not recorded as a job", { error, command: command.name });
          return false;
        },
      );
    const late = Promise.race([running, limit.promise])
      .then(async (outcome) => {
        limit.clear();
        let reply = outcome === TIMED_OUT ? undefined : outcome.reply;
        if (outcome === TIMED_OUT) {
          markTimedOut();
          controller.abort(new Error("timed out"));
          const seconds = Math.round(budgetMs / 1000);
          await record("timed_out", event, text, kit.requestId, { durationMs: now() - started });
          reply = { text: `\`${text}\` timed out after ${seconds} s.`, error: true };
        }
        if (await recorded) {
          const state = outcome === TIMED_OUT ? "timed_out" : outcome.ok ? "succeeded" : "failed";
          await jobs
            .update(jobId, { state, endedAt: now(), result: reply?.text?.slice(0, 200) })
            .catch((error) => kit.log.warn("late answer's job not updated", { error, jobId }));
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

  /** Records a job for `runnable` and hands it to the runtime; a refusal is the user's answer. */
  async function startJob(
    runnable: Runnable,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    text: string,
    awaited: boolean,
  ): Promise<{ id: string } | { refused: Reply }> {
    const id = randomId();
    await jobs.create({
      id,
      command: text,
      user: event.user,
      channel: event.channel,
      connector: connector.name,
      ...(event.responseUrl ? { responseUrl: event.responseUrl } : {}),
    });
    const envelope: JobEnvelope = {
      kind: "catops.job",
      id,
      connector: connector.name,
      event,
      enqueuedAt: now(),
      requestId: kit.requestId,
      ...(runnable.command.defer === "long" ? { long: true } : {}),
      ...(awaited ? { awaited: true } : {}),
    };
    if (!awaited) await record("deferred", event, text, kit.requestId, { jobId: id });
    if (!kit.runtime.defer) {
      // No queue: the job runs in this process, after the answer.
      const background = runJob(envelope, connector, kit).catch((error) =>
        kit.log.error("job failed", { error, jobId: id }),
      );
      kit.runtime.waitUntil?.(background);
      return { id };
    }
    try {
      await kit.runtime.defer(envelope);
      return { id };
    } catch (error) {
      // The queue refused the job: say so now rather than leave it queued forever.
      kit.log.error("job could not be started", { error, jobId: id });
      await jobs.update(id, { state: "failed", endedAt: now(), result: "could not be started" });
      await record("failed", event, text, kit.requestId, {
        jobId: id,
        detail: "could not be started",
      });
      return {
        refused: {
          text: `\`${text}\` could not be started; try again in a moment.`,
          error: true,
          visibility: "ephemeral",
        },
      };
    }
  }

  async function deferJob(
    runnable: Runnable,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    text: string,
  ): Promise<Reply> {
    const started = await startJob(runnable, event, connector, kit, text, false);
    if ("refused" in started) return started.refused;
    return { text: `Running \`${text}\`… (job \`${started.id}\`)`, visibility: "in_channel" };
  }

  /** Runs the command as a job and answers with its reply when it comes before the deadline. */
  async function answerThroughJob(
    runnable: Runnable,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    text: string,
  ): Promise<Reply | undefined> {
    const deadline = now() + options.deadlineMs;
    const started = await startJob(runnable, event, connector, kit, text, true);
    if ("refused" in started) return started.refused;
    const answer = await awaitAnswer(options.store, started.id, deadline, now);
    if (answer === undefined)
      return {
        text: `Still working on \`${text}\`; the answer will follow here (job \`${started.id}\`).`,
        visibility: "in_channel",
      };
    return answer ?? undefined;
  }

  return { answerLate, deferJob, answerThroughJob };
}
