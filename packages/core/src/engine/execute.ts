import { LazyAbortController } from "./abort.js";
import { BUILTIN_FILE } from "../dispatch/command.js";
import { FORM_ACTION } from "../dispatch/form-action.js";
import type { Connector, ConnectorKit } from "../connector.js";
import type { Resolution, RunOutcome } from "../dispatch/dispatch.js";
import { isThenable } from "../thenable.js";
import { after, createEngineBase, type EngineOptions, TIMED_OUT } from "./engine-base.js";
import type { StartedRun } from "./late-answers.js";
import { methodOnFirstUse, onFirstUse } from "../first-use.js";
import type { CommandEvent, Reply } from "../types.js";

export type { EngineOptions } from "./engine-base.js";

/**
 * How many microtask turns a command that answers at once (and its audit record) takes to
 * settle, with room to spare: a timer and a race cost more than these turns.
 */
const QUICK_TURNS = 12;

/** An answer now, or a promise of one. */
type Answer = Reply | undefined | Promise<Reply | undefined>;

/** Runs command events for connectors: policy, confirmation, deferral, deadlines, jobs, audit. */
export function createEngine(options: EngineOptions) {
  const { dispatcher, now } = options;

  const base = createEngineBase(options);
  const { resolve, record, audits, commandText } = base;
  // Jobs, late answers, confirmations and forms load on first use: a command answered at once
  // never needs them.
  const jobEnd = onFirstUse(async () =>
    (await import("./on-demand.js")).createJobEnd(options, base),
  );
  const jobRunner = onFirstUse(async () =>
    (await import("./on-demand.js")).createJobRunner(options, base, await jobEnd()),
  );
  const confirmations = onFirstUse(async () =>
    (await import("./on-demand.js")).createConfirmations(options, base, execute),
  );
  const forms = onFirstUse(async () =>
    (await import("./on-demand.js")).createFormFlow(options, base, execute),
  );
  const runJob = async (...args: Parameters<Awaited<ReturnType<typeof jobRunner>>>) =>
    (await jobRunner())(...args);
  const lateAnswers = onFirstUse(async () =>
    (await import("./on-demand.js")).createLateAnswers(options, base, runJob),
  );

  /**
   * Runs a command event for a connector. A failure of something the engine depends on (the
   * store above all) is answered with a clear message; every such failure comes before the
   * command starts, so it did not run.
   */
  function execute(
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed = false,
  ): Answer {
    const { expand } = options;
    return handled(kit, () =>
      expand
        ? expand(event, kit.dialect).then((expanded) =>
            expanded.reply
              ? expanded.reply
              : executeOrThrow(expanded.event, connector, kit, confirmed),
          )
        : executeOrThrow(event, connector, kit, confirmed),
    );
  }

  /** The answer `answering` gives (at once when it has it), a throw answered by `couldNotHandle`. */
  function handled(kit: ConnectorKit, answering: () => Answer): Answer {
    try {
      const answer = answering();
      return isThenable(answer)
        ? Promise.resolve(answer).catch((error) => couldNotHandle(error, kit))
        : answer;
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

  /**
   * The answer to an event: at once when the command answers at once and nothing is recorded
   * (most commands), a promise of it otherwise.
   */
  function executeOrThrow(
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed: boolean,
  ): Answer {
    const resolved = resolve(event, kit.dialect);
    return isThenable(resolved)
      ? resolved.then((resolution) => executeResolved(resolution, event, connector, kit, confirmed))
      : executeResolved(resolved, event, connector, kit, confirmed);
  }

  function executeResolved(
    resolution: Resolution,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
    confirmed: boolean,
  ): Answer {
    if (resolution.kind !== "command") return answerOther(resolution, event, connector, kit);
    const { command } = resolution;
    // The command line as records and jobs show it: made only on the paths that keep one.
    if (command.confirm && !confirmed)
      return askToConfirm(resolution, event, kit, commandText(resolution));
    if (command.defer)
      return lateAnswers().then((late) =>
        late.deferJob(resolution, event, connector, kit, commandText(resolution)),
      );
    // Nothing can run after the answer here: a plugin's command runs as a job, so a slow one
    // cannot hold the chat past its deadline. Built-ins only read and write the store.
    if (!kit.runtime.waitUntil && kit.runtime.defer && command.file !== BUILTIN_FILE)
      return lateAnswers().then((late) =>
        late.answerThroughJob(resolution, event, connector, kit, commandText(resolution)),
      );

    const started = now();
    const controller = new LazyAbortController();
    const ran = dispatcher.run(resolution, event, {
      requestId: kit.requestId,
      abort: controller,
      log: kit.log,
      env: kit.env,
      dialect: kit.dialect,
      deliver: kit.deliver,
    });
    // Answered at once, with nothing to record: the answer, with no turn in between.
    if (!isThenable(ran) && !audits(ran.ok ? "succeeded" : "failed")) return ran.reply;
    return answerInTime(ran, { resolution, event, connector, kit, started, controller });
  }

  /** Help, a usage error, an unknown command or a refusal: anything but a command to run. */
  async function answerOther(
    resolution: Exclude<Resolution, { kind: "command" }>,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply | undefined> {
    if (resolution.kind === "denied") {
      kit.log.warn("command refused", { command: resolution.command.name, user: event.user?.id });
      await record("denied", event, resolution.command.name, kit.requestId, {
        detail: resolution.requirement,
      });
    }
    const reply = await dispatcher.replyForEvent(resolution, event, kit.dialect);
    // Only a usage error or a command's help can carry a form: nothing else loads them.
    const mayHaveForm =
      connector.forms && (resolution.kind === "invalid" || resolution.kind === "help");
    return mayHaveForm ? (await forms()).withForm(reply, resolution, connector) : reply;
  }

  async function askToConfirm(
    resolution: Extract<Resolution, { kind: "command" }>,
    event: CommandEvent,
    kit: ConnectorKit,
    text: string,
  ): Promise<Reply | undefined> {
    await record("confirmation_requested", event, text, kit.requestId);
    return (await confirmations()).askToConfirm(resolution, event, text);
  }

  /**
   * A command still running, or one whose outcome is recorded: its answer within the deadline,
   * or an acknowledgement now and the answer delivered when it comes.
   */
  async function answerInTime(
    ran: RunOutcome | Promise<RunOutcome>,
    run: StartedRun,
  ): Promise<Reply | undefined> {
    const { resolution, event, kit, started } = run;
    const text = commandText(resolution);
    let timedOut = false;
    let settled: RunOutcome | undefined;
    const running = Promise.resolve(ran).then((outcome) => {
      const settle = () => {
        settled = outcome;
        return outcome;
      };
      const result = outcome.ok ? "succeeded" : "failed";
      // Settled in this turn when nothing is recorded, so the wait below ends a turn sooner.
      if (timedOut || !audits(result)) return settle();
      return record(result, event, text, kit.requestId, {
        durationMs: now() - started,
        ...(outcome.ok ? {} : { detail: outcome.reply?.text?.split("\n")[0] }),
      }).then(settle);
    });
    // A command that answers at once has settled within a few turns: it needs no deadline timer.
    for (let turn = 0; turn < QUICK_TURNS && !settled; turn++) await undefined;
    if (settled) return settled.reply;
    const deadline = after(options.deadlineMs - (now() - started), TIMED_OUT);
    const winner = await Promise.race([running, deadline.promise]);
    deadline.clear();
    if (winner !== TIMED_OUT) return winner.reply;

    return (await lateAnswers()).answerLate(running, run, text, () => {
      timedOut = true;
    });
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
      case FORM_ACTION:
        return (await forms()).openForm(action.value ?? "", event, connector, kit);
      case "catops.confirm":
      case "catops.cancel":
        return (await confirmations()).answerConfirmation(
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

  const submitForm = methodOnFirstUse(forms, "submitForm");

  return { execute, act, submitForm, runJob, abandon: methodOnFirstUse(jobEnd, "abandon") };
}

export type Engine = ReturnType<typeof createEngine>;
