import type { CommandCatalog } from "./dispatch/command-catalog.js";
import type { ChatDialect } from "./dialect.js";
import type { CatOpsRequest, CatOpsResponse } from "./http/exchange.js";
import type {
  Command,
  CommandEvent,
  FormOutcome,
  FormSubmission,
  HmacSha256,
  HomeSection,
  HomeView,
  Logger,
  Reply,
  Runtime,
  Store,
} from "./types.js";

/** What the core offers a connector while it handles one request. */
export interface ConnectorKit {
  /**
   * Runs a command event: the reply to send now. Deferral and deadlines are handled here. The
   * reply itself when the command answered at once (most do), a promise of it otherwise: await it.
   */
  execute(event: CommandEvent): Reply | undefined | Promise<Reply | undefined>;
  /** Handles a press of a button CatOps sent (run a command, confirm, cancel). */
  act(action: { action: string; value?: string }, event: CommandEvent): Promise<Reply | undefined>;
  /** Runs a submitted form: its command, through the same checks as typed, or inline errors. */
  submitForm(submission: FormSubmission, event: CommandEvent): Promise<FormOutcome>;
  /** The event's user's Home view: what they may run, on call, alerts, their recent jobs. */
  home(event: CommandEvent): Promise<HomeView>;
  store: Store;
  log: Logger;
  runtime: Runtime;
  /** Configuration: process env, Workers bindings, explicit options. */
  env: Record<string, unknown>;
  now(): number;
  /**
   * Hex HMAC-SHA256, the runtime's fastest: the digest itself where the runtime's is synchronous
   * (node:crypto), a promise of it otherwise (Web Crypto). Await it.
   */
  hmacSha256: HmacSha256;
  requestId: string;
  /** The bot's names, for stripping mentions and for help. */
  bot: { name: string; aliases: readonly string[] };
  /** The body limit in bytes. */
  bodyLimit: number;
  /** Sends a message through this kit's connector (alert notifications, audit lines). */
  deliver?(event: CommandEvent, reply: Reply): Promise<Delivery>;
  /** How this kit's connector writes mentions and escapes text. */
  dialect: ChatDialect;
}

/** A chat platform: verifies requests, turns them into command events, renders replies. */
export interface Connector {
  /** 'slack', 'mattermost', 'discord', 'web'. */
  name: string;
  /** The POST paths it answers: ['/slack/events']. */
  paths: readonly string[];
  /**
   * Verifies, parses and answers a request; refusals are thrown (or rejected) as `HttpError`.
   * May answer at once, without a promise, when nothing it did had to wait.
   */
  handle(request: CatOpsRequest, kit: ConnectorKit): CatOpsResponse | Promise<CatOpsResponse>;
  /**
   * Takes a message from a front door other than HTTP (Slack's Socket Mode envelopes), of the
   * given kind; resolves to what that front door sends back. Malformed input throws.
   */
  receive?(kind: string, payload: unknown, kit: ConnectorKit): Promise<unknown>;
  /**
   * Sends a late reply (deferred job, progress, alert notification). Resolves to where the
   * message went, so a later message can answer in its thread (Slack: the posted message's ts),
   * or to `{ error }` when it could not be delivered: a lost reply is never reported as sent.
   */
  deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery>;
  /** Mentions, escaping and limits of the platform. Default: plain text. */
  dialect?: ChatDialect;
  /** Renders `Reply.form` as the platform's form and reads submissions through `kit.submitForm`. */
  forms?: boolean;
  /** Headers every refusal of this connector's requests carries (Slack: `x-slack-no-retry`). */
  refusalHeaders?: Record<string, string>;
}

/** What a connector may report about a message it delivered. */
export interface Delivery {
  /** The thread a follow-up message answers in (Slack: the posted message's `ts`). */
  threadId?: string;
  /** The delivered message, for a later `Reply.replaces` (Slack: its `ts`; Discord: its id). */
  messageId?: string;
  /** Set when the message could not be delivered (after retries): why, with no secret in it. */
  error?: string;
}

/** Receives `/alerts/<source>` requests and native alert events from adapters. */
export interface AlertHandler {
  /** An HTTP alert webhook at `/alerts/<source>`: authenticate, parse, notify. */
  handle(source: string, request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse>;
  /** A native alert event an adapter received (SNS, EventBridge): parse and notify. */
  receive(source: string, payload: unknown, kit: ConnectorKit): Promise<void>;
  /** A line to lead `help` with (the commands suggested for an alert firing in the channel). */
  helpLead?: HelpLead;
  /** Commands that come with alert handling (the on-call rota); a plugin of the same name wins. */
  commands?: readonly Command[];
  /** Sections for a user's Home view (on call now and next, alerts firing). */
  homeSections?(event: CommandEvent, kit: ConnectorKit): Promise<HomeSection[]>;
  /**
   * Called once as the bot is made, with its commands: a handler checks the commands its
   * buttons name (and throws on one that does not exist) and keeps the check for later.
   */
  bindCommands?(catalog: CommandCatalog): void;
}

/** Context for `help`: a line shown above the command list, or nothing. */
export type HelpLead = (event: CommandEvent, store: Store) => Promise<string | undefined>;
