import { createAuditSink } from "./engine/audit-sink.js";
import { createBuiltins } from "./engine/builtins.js";
import { checkNextSteps, createCommandCatalog } from "./dispatch/command-catalog.js";
import type { Connector } from "./connector.js";
import type { ChatDialect } from "./dialect.js";
import type { DispatchOptions } from "./engine/local-connector.js";
import { NO_CONNECTOR } from "./engine/no-connector.js";
import { createKits } from "./engine/kit.js";
import { createDispatcher } from "./dispatch/dispatch.js";
import { createFetchHandler } from "./http/fetch-handler.js";
import { methodOnFirstUse, onFirstUse } from "./first-use.js";
import { createEngine } from "./engine/execute.js";
import { alertsLoadingOnUse, loadingOnUse } from "./engine/load-on-use.js";
import { DEFAULT_BODY_LIMIT } from "./http/http.js";
import { randomId } from "./ids.js";
import { loadStoredGroups } from "./dispatch/groups.js";
import { keepInternals } from "./internals.js";
import { cancellationOnFirstUse, jobsOnFirstUse } from "./engine/lazy-jobs.js";
import { createLogger, createRedactor, logLevelOf, redactingLogger } from "./logger.js";
import { warnOfChannelNames } from "./dispatch/policy.js";
import { commandsFromModules } from "./dispatch/registry.js";
import { secretSettings } from "./secret-settings.js";
import type { ScheduleRunOptions } from "./engine/schedule-runner.js";
import {
  checkSchedules,
  type Schedule,
  schedulesDueAt,
  schedulesFromModules,
  schedulesWithCron,
} from "./dispatch/schedules.js";
import { lazyStore } from "./lazy-store.js";
import type { CatOpsOptions } from "./bot-options.js";
import type { Command, CommandEvent, JobEnvelope, Runtime } from "./types.js";

/** Creates a bot: `dispatch(event)` for plugins and tests, `fetch(request)` for adapters. */
export function createCatOps(options: CatOpsOptions = {}) {
  const name = options.name ?? "catops";
  const aliases = options.aliases ?? [];
  const env = options.env ?? {};
  const now = options.now ?? Date.now;
  const settings = secretSettings({ secretNames: options.secretNames });
  const secrets = [...(options.secrets ?? []), ...settings.valuesIn(env)];
  const redact = createRedactor(secrets);
  // CATOPS_LOG_LEVEL=debug logs every command run too; info (the default) logs what matters.
  const level = logLevelOf(env.CATOPS_LOG_LEVEL);
  const logger = options.logger
    ? redactingLogger(options.logger, secrets)
    : createLogger({ secrets, level });
  // Without a store of its own, the bot keeps its state in memory, loaded with its first use: a
  // bot given one never parses it.
  const store =
    options.store ??
    lazyStore(async () => (await import("./store/memory.js")).createMemoryStore({ now }));
  const connectors = options.connectors ?? [];

  const commands = commandsFromModules(options.plugins ?? [], {
    only: options.only,
    compat: options.compat,
    // Plugin commands are built on first use, and their rules checked then.
    onBuilt: (command) => warnOfChannelNames([command], logger),
  });
  for (const command of options.commands ?? []) {
    if (commands.has(command.name)) throw new Error(`two commands are named "${command.name}"`);
    commands.set(command.name, command);
  }
  for (const command of options.alerts?.commands ?? [])
    if (!commands.has(command.name)) commands.set(command.name, command);
  const jobs = jobsOnFirstUse(store, now);
  const cancellation = cancellationOnFirstUse(jobs, options.cancelPollMs ?? 2000);
  const adminGroup = options.adminGroup ?? "admins";
  const visibilityOptions = {
    adminGroup,
    groups: options.groups ?? {},
    // Bound late: the dispatcher is made from the table the built-ins join.
    admits: (line: string, event: CommandEvent, dialect: ChatDialect) =>
      admits(line, event, dialect),
  };
  const history =
    options.builtins !== false
      ? options.history?.create({ ...visibilityOptions, store, now, logger })
      : undefined;
  if (options.builtins !== false) {
    const builtins = [
      ...createBuiltins({ ...visibilityOptions, jobs, cancellation, now }),
      ...(history?.commands ?? []),
    ];
    // A plugin of the same name wins: built-ins must never break an existing bot.
    // An allow-list names every command that loads: a built-in it does not name stays out.
    for (const builtin of builtins)
      if (!commands.has(builtin.name) && (!options.only || options.only.includes(builtin.name)))
        commands.set(builtin.name, builtin);
  }

  const dispatcher = createDispatcher({
    name,
    aliases,
    commands,
    store,
    logger,
    env,
    redact,
    groups: options.groups,
    denyByDefault: options.denyByDefault,
    helpLead: options.helpLead ?? options.alerts?.helpLead?.bind(options.alerts),
  });
  const catalog = createCommandCatalog(commands, dispatcher.find);
  checkNextSteps(commands.nextSteps(), commands);
  // A runbook naming an unknown command stops the bot's creation, naming the rule.
  options.alerts?.bindCommands?.(catalog);

  /** Whether the event's user may run `line`, by its command's rule (stored groups included). */
  async function admits(line: string, event: CommandEvent, dialect: ChatDialect): Promise<boolean> {
    const asked = { ...event, command: [], text: line };
    const first = dispatcher.resolve(asked, { dialect });
    if (first.kind !== "denied") return true;
    const storedGroups = await loadStoredGroups(store);
    return dispatcher.resolve(asked, { dialect, storedGroups }).kind !== "denied";
  }

  const auditChannel =
    options.auditChannel ??
    (typeof env.CATOPS_AUDIT_CHANNEL === "string" ? env.CATOPS_AUDIT_CHANNEL : undefined);
  const { audit, answering } = createAuditSink({
    logger,
    auditChannel,
    history,
    onAudit: options.onAudit,
    connector: alertConnector,
    kitFor: (connector, runtime, requestId) => kitFor(connector, runtime, requestId),
  });
  const alerts = options.alerts && alertsLoadingOnUse(options.alerts, dispatcher);
  const engine = loadingOnUse(
    createEngine({
      dispatcher,
      jobs,
      store,
      logger,
      now,
      deadlineMs: options.deadlineMs ?? 2500,
      jobTimeoutMs: options.jobTimeoutMs ?? 15 * 60_000,
      confirmTtlSeconds: 600,
      audit,
      // A logger of the caller's may write debug lines; the bot's own does only at debug. The
      // history keeps every run, routine ones most of all.
      auditsRoutine:
        options.logger !== undefined ||
        level === "debug" ||
        auditChannel !== undefined ||
        options.onAudit !== undefined ||
        history !== undefined,
      cancellation,
      cancelGraceMs: options.cancelGraceMs ?? 5000,
      redact,
      expand: history?.rerunWith(dispatcher, commands.get("rerun")),
    }),
    dispatcher,
  );

  // The Home tab's sections load with it, on the first one opened.
  const home = onFirstUse(async () =>
    (await import("./engine/on-demand.js")).createHome({
      dispatcher,
      jobs,
      store,
      alerts,
    }),
  );
  const { kitFor, runtimeLogger } = createKits({
    name,
    aliases,
    env,
    secrets,
    settings,
    logger,
    store,
    now,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    engine,
    home: async (event, kit) => (await home())(event, kit),
    history,
  });

  const routes = new Map<string, Connector>();
  for (const connector of connectors)
    for (const path of connector.paths) routes.set(path, connector);
  const byName = new Map(connectors.map((c) => [c.name, c]));
  /** The connector that posts alert notifications, audit lines and scheduled replies. */
  function alertConnector(): Connector {
    const chosen = options.notifyVia ? byName.get(options.notifyVia) : connectors[0];
    return chosen ?? NO_CONNECTOR;
  }

  const { fetch, handle } = createFetchHandler({
    name,
    commandCount: () => commands.size,
    store,
    routes,
    alerts,
    alertConnector,
    kitFor,
    runtimeLogger,
    answering,
  });
  // In-process dispatch (the CLI, the shell, tests) loads with its first use.
  const localDispatch = onFirstUse(async () =>
    (await import("./engine/on-demand.js")).createLocalDispatch({
      engine,
      kitFor,
      notifier: alertConnector,
    }),
  );
  const dispatch = async (event: CommandEvent, dispatchOptions?: DispatchOptions) =>
    (await localDispatch())(event, dispatchOptions);

  // Checked as the bot is made; what runs a firing loads on the first one.
  const schedules =
    options.schedules === false
      ? new Map<string, Schedule>()
      : checkSchedules(
          [...schedulesFromModules(options.plugins ?? []), ...(options.schedules ?? [])],
          { commands, botNames: [name, ...aliases], connectors: connectors.map((c) => c.name) },
        );
  const scheduleRunner = onFirstUse(async () =>
    (await import("./engine/on-demand.js")).createScheduleRunner({
      schedules,
      engine,
      store,
      now,
      connectorFor: (schedule) =>
        (schedule.connector ? byName.get(schedule.connector) : undefined) ?? alertConnector(),
      kitFor,
    }),
  );

  // Running, ending and handing back queued jobs: loaded with the first job a runtime hands in.
  const jobAdmin = onFirstUse(async () =>
    (await import("./engine/on-demand.js")).createJobAdmin({
      jobs,
      store,
      engine,
      connectorNamed: (connectorName) => byName.get(connectorName),
      kitFor,
    }),
  );
  const runJob = methodOnFirstUse(jobAdmin, "runJob");
  const abandonJob = methodOnFirstUse(jobAdmin, "abandonJob");
  const interruptOrphanedJobs = methodOnFirstUse(jobAdmin, "interruptOrphanedJobs");
  const releaseJob = methodOnFirstUse(jobAdmin, "releaseJob");

  /**
   * Hands a native alert event to the alert path: CloudWatch via SNS ('cloudwatch-sns'),
   * EventBridge ('cloudwatch-eventbridge'), and any other source an adapter receives natively.
   */
  async function alert(source: string, payload: unknown, runtime: Runtime = {}): Promise<void> {
    if (!alerts) {
      logger.warn("alert received but no alert handling is configured", { source });
      return;
    }
    await alerts.receive(
      source,
      payload,
      kitFor(alertConnector(), runtime, runtime.requestId ?? randomId(12)),
    );
  }

  /**
   * Hands a connector a message from a front door other than HTTP (Slack's Socket Mode), through
   * the same engine as its requests. Undefined when no connector of that name takes such messages.
   */
  async function receive(
    connectorName: string,
    kind: string,
    payload: unknown,
    runtime: Runtime = {},
  ): Promise<{ answer: unknown } | undefined> {
    const connector = byName.get(connectorName);
    if (!connector?.receive) return undefined;
    const kit = kitFor(connector, runtime, runtime.requestId ?? randomId(12));
    return { answer: await connector.receive(kind, payload, kit) };
  }

  const bot = {
    name,
    alert,
    aliases,
    commands: commands as ReadonlyMap<string, Command>,
    /** The POST paths each connector answers, by connector name. */
    connectorPaths: new Map(
      connectors.map((connector) => [connector.name, connector.paths]),
    ) as ReadonlyMap<string, readonly string[]>,
    store,
    logger,
    /** Command event in, reply out: for plugins, tests and the CLI. */
    dispatch,
    fetch,
    handle,
    receive,
    runJob,
    abandonJob,
    interruptOrphanedJobs,
    releaseJob,
    /** Runs a schedule's command for one firing, once however often the firing is delivered. */
    runSchedule: async (scheduleName: string, runOptions?: ScheduleRunOptions) =>
      (await scheduleRunner()).runSchedule(scheduleName, runOptions),
    /** The bot's schedules by name, checked, their cron parsed. */
    schedules: schedules as ReadonlyMap<string, Schedule>,
    /** The schedules due in a minute, and those written with a cron expression. */
    schedulesDueAt: (time: number) => schedulesDueAt(schedules, time),
    schedulesWithCron: (expression: string) => schedulesWithCron(schedules, expression),
    /**
     * Looks now, rather than at the next poll, whether a job running in this process was asked
     * to stop, and stops it: for a runtime its database tells of cancellations. True when it did.
     */
    checkCancellation: async (jobId: string) => (await cancellation()).checkNow(jobId),
    help: dispatcher.help,
    redact,
  };
  return keepInternals(bot, {
    jobs,
    connector: (connectorName) => byName.get(connectorName),
    kitFor,
  });
}

export type CatOps = ReturnType<typeof createCatOps>;
export type { DispatchOptions };

export function isJobEnvelope(value: unknown): value is JobEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as JobEnvelope).kind === "catops.job" &&
    typeof (value as JobEnvelope).id === "string"
  );
}
