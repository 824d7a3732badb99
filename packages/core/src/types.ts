// The contracts every connector, adapter and plugin relies on. Nobody else redefines these.
import type { ChatDialect } from "./dialect.js";
import type { Delivery } from "./connector.js";

/** The one shape every front door produces. */
export interface CommandEvent {
  /** Tokens as typed: ['deploy', 'api', '--env', 'prod'], quotes honoured. */
  command: string[];
  /** The raw text, when the source had one. */
  text?: string;
  user?: { id: string; name?: string };
  channel?: { id: string; name?: string };
  team?: { id: string; domain?: string };
  /** Where late replies go. */
  responseUrl?: string;
  /** 'slack' | 'mattermost' | 'discord' | 'cli' | 'alert' | ... */
  source?: string;
  /** Thread to answer in, when the platform has threads. */
  threadId?: string;
  /** The platform's own payload, for plugins that need more. */
  raw?: unknown;
}

export type Level = "critical" | "error" | "warning" | "info" | "debug" | "success";

export interface Attachment {
  text?: string;
  title?: string;
  titleLink?: string;
  level?: Level;
  /** A CSS colour; `level` picks one when this is absent. */
  color?: string;
  fields?: { title: string; value: string; short?: boolean }[];
  footer?: string;
  /** The plain-text summary notifications show; default: the title or the text. */
  fallback?: string;
  /** A line shown above the attachment. */
  pretext?: string;
  authorName?: string;
  authorLink?: string;
  authorIcon?: string;
  /** A picture shown in full. */
  imageUrl?: string;
  /** A small picture beside the text. */
  thumbUrl?: string;
  footerIcon?: string;
  /** When it happened, in seconds since the epoch (shown beside the footer). */
  ts?: number | string;
  /** Which fields are read as markup where the platform asks (`["text", "fields"]`). */
  mrkdwnIn?: string[];
}

export interface Button {
  /** What the button shows. */
  text: string;
  /** The command it runs when pressed, as typed: 'restart api'. */
  command?: string;
  /** An internal action id (confirm/cancel); connectors pass it back unchanged. */
  action?: string;
  /** Opaque value carried with `action`. */
  value?: string;
  style?: "primary" | "danger";
}

export type Visibility = "in_channel" | "ephemeral";

/** What a command answers. Connectors render it for their platform. */
export interface Reply {
  text?: string;
  /** Platform-native blocks (Slack Block Kit), passed through to platforms that take them. */
  blocks?: unknown[];
  attachments?: Attachment[];
  buttons?: Button[];
  visibility?: Visibility;
  /** Marks a reply that reports a failure, so connectors can render it as such. */
  error?: boolean;
  /** Replace the message the interaction came from, where the platform allows it. */
  replaceOriginal?: boolean;
  /**
   * A late reply that edits the message a `Delivery.messageId` named (in the event's channel)
   * instead of posting a new one: an alert card moving from firing to resolved.
   */
  replaces?: string;
  /**
   * The text is already written in the platform's markup (mentions, links) and is sent as it
   * is. Otherwise connectors escape it, so nothing a plugin echoes can ping or disguise a link.
   */
  raw?: boolean;
  /**
   * With `raw`: the markup the text is written in when it is not the platform's own. `mrkdwn`
   * (the attachment-message markup a returned message payload uses) is sent as it is where it
   * is native and translated, without pings, where it is not.
   */
  markup?: "mrkdwn";
  /**
   * A form asking for what the command still needs, for connectors that render forms
   * (`Connector.forms`); `text` is what a platform without forms shows instead.
   */
  form?: Form;
}

/** One input of a form, made from a command's ArgSpec or FlagSpec. */
export interface FormField {
  /** Unique within the form (`arg.service`, `flag.env`): the input's id on every platform. */
  id: string;
  label: string;
  /** `select` offers the choices; `checkbox` is a boolean flag. */
  type: "text" | "number" | "select" | "checkbox";
  required: boolean;
  description?: string;
  choices?: readonly string[];
  /** The value shown filled in (the spec's default). */
  initial?: string | boolean;
  /** A rest argument: the rest of the line, so a larger box. */
  multiline?: boolean;
}

/** A form built from a command's definition: the core describes it, each connector renders it. */
export interface Form {
  /** The command a submission runs. */
  command: string;
  title: string;
  submit: string;
  fields: FormField[];
}

/** A submitted form as a connector read it: values by field id, as the platform sent them. */
export interface FormSubmission {
  command: string;
  values: Record<string, string | boolean | undefined>;
}

/** Inline errors by field id (nothing ran), or the reply of the run it started. */
export type FormOutcome = { errors: Record<string, string> } | { reply: Reply | undefined };

/** A line of a Home view with the buttons that act on it. */
export interface HomeItem {
  /** In the connector's markup, user text escaped (written with `chatMarkup`). */
  text: string;
  buttons?: Button[];
}

/** A titled part of a Home view: commands, on call, alerts, jobs. */
export interface HomeSection {
  title: string;
  items: HomeItem[];
  /** Shown when there are no items. */
  empty?: string;
}

/** What a user sees on the bot's home (Slack's Home tab, the playground's Home). */
export interface HomeView {
  sections: HomeSection[];
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child?(fields: Record<string, unknown>): Logger;
}

/** Small key-value state: jobs, dedupe keys, rota, pending confirmations. */
export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** `ttlSeconds` of 0 or undefined keeps the value until deleted. */
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  /** Stores the value only when the key is absent (or expired); true when it stored it. */
  setIfAbsent(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`: for tooling. CatOps' own listings read bounded index keys. */
  list?<T = unknown>(
    prefix: string,
    options?: { limit?: number },
  ): Promise<{ key: string; value: T }[]>;
  close?(): Promise<void>;
  /**
   * A value with the version it was read at (opaque), for `setIfVersion`. A store implements
   * both or neither; `updateValue` falls back to get-then-set without them.
   */
  getVersioned?<T = unknown>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Compare-and-set: writes only when the key still holds `version` (from `getVersioned`), or,
   * with `version` undefined, holds nothing live. True when it wrote; of several writers from
   * the same version exactly one wins.
   */
  setIfVersion?(
    key: string,
    value: unknown,
    version: string | undefined,
    options?: { ttlSeconds?: number },
  ): Promise<boolean>;
  /** Whether the store can still keep what is written; `/healthz` answers 503 when it cannot. */
  health?(): StoreHealth | Promise<StoreHealth>;
}

export interface Versioned<T> {
  value: T;
  version: string;
}

export interface StoreHealth {
  ok: boolean;
  /** Why not, for the operator: "the database file was deleted". */
  reason?: string;
}

/** A deferred run, serialisable so it can cross to another invocation or process. */
export interface JobEnvelope {
  kind: "catops.job";
  id: string;
  /** The connector that answers late ('slack', ...). */
  connector: string;
  event: CommandEvent;
  /** When the job was enqueued, ms since the epoch. */
  enqueuedAt: number;
  /** The request id of the invocation that acknowledged it. */
  requestId?: string;
  /** The command asked for a queue (`defer: 'long'`) where the runtime has one. */
  long?: boolean;
  /**
   * The request that started the job waits for its answer until its deadline (a command that
   * is not deferred, on a runtime that cannot run work after the answer): the reply goes back
   * through that request when it is still waiting, and to the chat otherwise.
   */
  awaited?: boolean;
}

export type HmacSha256 = (key: string, message: string) => Promise<string> | string;

/**
 * What a runtime gives the core: where deferred work goes and the fastest primitives it has.
 * Runtime differences arrive here, as ports, never as branches in the core.
 */
export interface Runtime {
  /**
   * Runs `promise` after the answer has been sent, keeping the invocation alive for it. A
   * runtime that cannot keep that promise (a Lambda invocation behind API Gateway is frozen
   * once it returns) leaves this unset: the core then never holds an answer for background
   * work, and runs commands that are not deferred as jobs through `defer`, answering inline
   * when the job ends before the deadline.
   */
  waitUntil?(promise: Promise<unknown>): void;
  /** Runs a job after the answer, possibly in another invocation (queue, self-invoke). */
  defer?(job: JobEnvelope): Promise<void>;
  /** Hex HMAC-SHA256; Node-based adapters fill it with node:crypto. Web Crypto otherwise. */
  hmacSha256?: HmacSha256;
  /** ms since the epoch. */
  now?(): number;
  /** Environment/bindings of this invocation (Workers' env, the host environment). */
  env?: Record<string, unknown>;
  logger?: Logger;
  /** The platform's request id, used in logs. */
  requestId?: string;
  /** How long this invocation may still run, in ms (Lambda's getRemainingTimeInMillis). */
  remainingMs?(): number;
}

export interface ArgSpec {
  description?: string;
  required?: boolean;
  type?: "string" | "number";
  choices?: readonly string[];
  default?: string | number;
  /** Takes the rest of the line. Only the last positional may. */
  rest?: boolean;
}

export interface FlagSpec {
  description?: string;
  type?: "string" | "number" | "boolean";
  choices?: readonly string[];
  default?: string | number | boolean;
  required?: boolean;
  /** One-letter alias: `-e prod`. */
  short?: string;
  /** The value is masked in logs and audit records. */
  secret?: boolean;
}

/** Who may run a command. Every list present must match; users, channels and teams are ids. */
export interface AllowRule {
  users?: readonly string[];
  groups?: readonly string[];
  /** Channel ids (`C0123`). Names are not ids: on most platforms anyone can make a channel called `ops`. */
  channels?: readonly string[];
  /** Channel names, matched only where the platform signs them (Slack) and never elsewhere. */
  channelNames?: readonly string[];
  /** Team or workspace ids. */
  teams?: readonly string[];
}

export interface CommandContext<
  A extends Record<string, unknown> = Record<string, any>,
  F extends Record<string, unknown> = Record<string, any>,
> {
  /** Parsed positional arguments, by name. */
  args: A;
  /** Parsed flags, by name, with defaults filled in. */
  flags: F;
  /** The raw tokens after the command name: the original `(argv, params)` shape. */
  argv: string[];
  event: CommandEvent;
  user?: CommandEvent["user"];
  channel?: CommandEvent["channel"];
  team?: CommandEvent["team"];
  log: Logger;
  signal: AbortSignal;
  store: Store;
  requestId: string;
  /** Set when the command runs as a deferred job. */
  jobId?: string;
  /** Reports progress of a long command (updates its job). */
  progress(message: string): Promise<void>;
  /** The bot's configuration values (env), for plugins that need an endpoint or a token. */
  env: Record<string, unknown>;
  /** The platform's mentions and escaping, for replies that mention someone (then `raw: true`). */
  chat: ChatDialect;
  /**
   * Sends a message through the connector the command came in on (an alert card edit, a page to
   * the next on-call), where there is one: not from `dispatch` without a connector.
   */
  deliver?(event: CommandEvent, reply: Reply): Promise<Delivery>;
}

export type CommandResult = unknown;

export type CommandHandler = (
  ctx: CommandContext,
  params?: Record<string, unknown>,
) => CommandResult | Promise<CommandResult>;

export interface CommandDefinition<
  A extends Record<string, unknown> = Record<string, any>,
  F extends Record<string, unknown> = Record<string, any>,
> {
  description?: string;
  /** Overrides the generated usage line. */
  usage?: string;
  args?: Record<string, ArgSpec>;
  flags?: Record<string, FlagSpec>;
  /** Who may run it. */
  allow?: AllowRule;
  /** Ask with a button before running. */
  confirm?: boolean | string;
  /** Answer at once, run in the background. `'long'` asks for a queue where the runtime has one. */
  defer?: boolean | "long";
  /**
   * How long the command may run, in ms (default: the bot's `jobTimeoutMs`, 15 minutes). A
   * command that is not deferred and misses the deadline answers late, within this.
   */
  timeoutMs?: number;
  /**
   * Safe to run again from the start: a deferred run that died (its process killed, its queue
   * message delivered again) is then run again, instead of being marked interrupted.
   */
  idempotent?: boolean;
  /** A command to suggest when this one fails. */
  nextStep?: string;
  /** Hidden from help. */
  hidden?: boolean;
  /**
   * Natural ways to type it besides the positional form: `["deploy {service} to {env}", "ship
   * {service}"]`. Each `{name}` is one of its args or flags; what a format leaves out takes the
   * format's `defaults`, else its own default.
   */
  formats?: readonly CommandFormat[];
  run: (ctx: CommandContext<A, F>) => CommandResult | Promise<CommandResult>;
}

/** A natural format: the words and `{parameters}` alone, or with defaults for what it leaves out. */
export type CommandFormat =
  | string
  | { format: string; defaults?: Record<string, string | number | boolean> };

/** A registered command, as the dispatcher sees it. */
export interface Command extends Omit<CommandDefinition, "run"> {
  name: string;
  /** The plugin file it came from, for errors that name it. */
  file?: string;
  run: (ctx: CommandContext) => CommandResult | Promise<CommandResult>;
}
