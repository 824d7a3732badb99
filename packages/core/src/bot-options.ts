// What a bot is made with: every option `createCatOps` takes, and what each defaults to.
import type { AuditSink } from "./engine/audit.js";
import type { AlertHandler, Connector, HelpLead } from "./connector.js";
import type { CompatMode } from "./dispatch/compat.js";
import type { PolicyOptions } from "./dispatch/policy.js";
import type { PluginModule } from "./dispatch/registry.js";
import type { ScheduleDefinition } from "./dispatch/schedules.js";
import type { HistoryFeature } from "./engine/history-feature.js";
import type { Command, Logger, Store } from "./types.js";

export interface CatOpsOptions extends PolicyOptions {
  /** The bot's name: stripped from the start of commands, shown in help. Default 'catops'. */
  name?: string;
  /** Other names it answers to: ['meow']. */
  aliases?: readonly string[];
  /** Plugin modules: from the Node directory scan or the generated static module. */
  plugins?: readonly PluginModule[];
  /** Only these command names load, built-ins included. */
  only?: readonly string[];
  /** `"catops-v0"`: plain plugin functions get the original's `(argv, params)`. */
  compat?: CompatMode;
  /** Commands added by code (built-in plugins, tests). */
  commands?: readonly Command[];
  store?: Store;
  logger?: Logger;
  connectors?: readonly Connector[];
  alerts?: AlertHandler;
  /** Leads `help` with context (an alert firing in the channel). Default: `alerts.helpLead`. */
  helpLead?: HelpLead;
  /** Configuration values; secrets among them are never printed. */
  env?: Record<string, unknown>;
  /** Extra values to mask in logs and replies. */
  secrets?: readonly (string | undefined)[];
  /** Further setting names whose values are masked (`*` matches any run); see secret-settings. */
  secretNames?: readonly string[];
  /** ms before a slow command is acknowledged and answered later. Default 2500. */
  deadlineMs?: number;
  /** ms a deferred job may run when its command does not say. Default 15 minutes. */
  jobTimeoutMs?: number;
  /** Largest request body, in bytes. Default 1 MiB. */
  bodyLimit?: number;
  now?: () => number;
  /** Adds the built-in `meow`, `jobs`, `cancel` and `access` commands. Default true. */
  builtins?: boolean;
  /**
   * `keepHistory()`: keeps a history of runs (one round of store writes per run, after the
   * answer) and adds the built-in `history` and `rerun`. Default: none.
   */
  history?: HistoryFeature;
  /** The group whose members may grant access and cancel any job. Default 'admins'. */
  adminGroup?: string;
  /** A chat channel that gets a compact message for every audit record (or CATOPS_AUDIT_CHANNEL). */
  auditChannel?: string;
  /** Receives every audit record besides the log (tests, external sinks). */
  onAudit?: AuditSink;
  /**
   * How often a running job checks the store for a cancellation, in ms. Default 2000; 0 when
   * the runtime is told of cancellations and calls `checkCancellation`.
   */
  cancelPollMs?: number;
  /** How long a cancelled job may take to stop before it is abandoned, in ms. Default 5000. */
  cancelGraceMs?: number;
  /**
   * The connector that posts alert notifications and audit lines, by name. Default: the first
   * of `connectors`.
   */
  notifyVia?: string;
  /**
   * Command lines the bot runs by itself at set times, besides those plugin files export.
   * `false`: none, and the plugins' are not read (a bot that never fires them: the CLI).
   */
  schedules?: readonly ScheduleDefinition[] | false;
}
