// createAlerts: the AlertHandler behind `/alerts/<source>` and `bot.alert(source, payload)`.
// `@catops/alerts/create` exports it alone: a bundle that splits chunks then keeps the rest of
// the package off the entry (a re-export from the package's index ties its modules to it).
// Only the options are checked here; the handler (handler.ts), the `help` lead and the rota
// behind `oncall` load on first use, as chunks of their own, so a slash command's cold start
// never parses them.
import {
  type AlertHandler,
  type Command,
  type CommandCatalog,
  type Connector,
  checkOptions,
  envSetting,
  onFirstUse,
} from "@catops/core";
import {
  alertStub,
  checkLifecycle,
  type EscalationOptions,
  type LifecycleOptions,
} from "./lifecycle-spec.js";
import type { OncallOptions } from "./rota/commands.js";
import { oncallStub } from "./rota/stub.js";
import { checkRuleCommands, type RunbookRule, validateRules } from "./runbooks.js";
import type { AlertParser } from "./types.js";

export interface AlertsOptions {
  /** The channel alerts are posted to. Default: CATOPS_ALERT_CHANNEL. */
  channel?: string;
  /** The shared secret webhooks must present. Default: CATOPS_ALERT_TOKEN. */
  token?: string;
  /** Which commands to suggest for which alerts. */
  runbooks?: readonly RunbookRule[];
  /** A repeat of a notification within this many seconds of the last one is collapsed. Default 900. */
  dedupeWindowSeconds?: number;
  /**
   * The on-call rota: the `oncall` command, and a mention of whoever is on call in each alert.
   * `false` turns both off. Default: on, one rota per channel.
   */
  rota?: boolean | (OncallOptions & { team?: string });
  /** Fetch SNS's SubscribeURL for `SubscriptionConfirmation` (otherwise it is only logged). */
  confirmSubscriptions?: boolean;
  /** Extra sources (`/alerts/<name>`), or replacements for built-in parsers. */
  sources?: Readonly<Record<string, AlertParser>>;
  /** Posts through this connector instead of the kit's (the bot's Slack connector by default). */
  connector?: Connector;
  /**
   * Acknowledge, Snooze and Resolve buttons on each firing card, and the `alert` command they
   * run: who may, whether to confirm, the snooze durations. `false` turns them off.
   */
  lifecycle?: LifecycleOptions | false;
  /** Pages the next people on the rota when an alert stays unacknowledged (`alert escalate`). */
  escalation?: EscalationOptions;
  /** Clock, for tests. */
  now?: () => number;
  /** For confirming SNS subscriptions; tests inject one. */
  fetch?: typeof fetch;
}

export interface Alerts extends AlertHandler {
  bindCommands: NonNullable<AlertHandler["bindCommands"]>;
  helpLead: NonNullable<AlertHandler["helpLead"]>;
  homeSections: NonNullable<AlertHandler["homeSections"]>;
  commands: readonly Command[];
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const OPTION_KEYS = [
  "channel",
  "token",
  "runbooks",
  "dedupeWindowSeconds",
  "rota",
  "confirmSubscriptions",
  "sources",
  "connector",
  "lifecycle",
  "escalation",
  "now",
  "fetch",
];

/** Creates the alert handler to pass as `alerts` to createCatOps. */
export function createAlerts(options: AlertsOptions = {}): Alerts {
  checkOptions({ package: "@catops/alerts", fn: "createAlerts" }, options, OPTION_KEYS);
  validateRules(options.runbooks ?? []);
  checkLifecycle(options.lifecycle, options.escalation);
  if (!((options.dedupeWindowSeconds ?? 900) > 0))
    throw new TypeError("createAlerts: dedupeWindowSeconds must be positive");
  for (const name of Object.keys(options.sources ?? {}))
    if (!SOURCE_NAME.test(name)) throw new TypeError(`createAlerts: bad source name "${name}"`);
  const rota =
    options.rota === false ? undefined : options.rota === true ? {} : (options.rota ?? {});
  const clock = options.now;

  let catalog: CommandCatalog | undefined;
  const loadHandler = onFirstUse(async () =>
    (await import("./on-demand.js")).alertHandler(options, () => catalog),
  );
  const loadHelpLead = onFirstUse(async () =>
    (await import("./on-demand.js")).createHelpLead(() => (clock ? clock() : Date.now())),
  );
  const loadHome = onFirstUse(async () =>
    (await import("./on-demand.js")).createAlertHome({
      channel: (kit) => options.channel ?? envSetting(kit.env, "CATOPS_ALERT_CHANNEL"),
      rota: rota ? { scope: rota.scope ?? "channel", team: rota.team } : undefined,
      now: (kit) => (clock ? clock() : kit.now()),
    }),
  );

  return {
    handle: async (source, request, kit) => (await loadHandler()).handle(source, request, kit),
    receive: async (source, payload, kit) => (await loadHandler()).receive(source, payload, kit),
    helpLead: async (event, store) => (await loadHelpLead())(event, store),
    homeSections: async (event, kit) => (await loadHome())(event, kit),
    bindCommands: (given) => {
      checkRuleCommands(options.runbooks ?? [], given);
      catalog = given;
    },
    commands: [
      ...(rota ? [oncallStub({ ...rota, now: rota.now ?? clock })] : []),
      ...(options.lifecycle === false ? [] : [alertStub(options)]),
    ],
  };
}
