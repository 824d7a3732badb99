import {
  type Attachment,
  type CatOpsRequest,
  type CatOpsResponse,
  type Button,
  type CommandEvent,
  type Connector,
  type ConnectorKit,
  type Form,
  type FormSubmission,
  HttpError,
  json,
  parseJsonObject,
  pathnameOf,
  type Reply,
  readBody,
} from "@catops/core";

/** One line of the playground's conversation. */
export interface PlaygroundMessage {
  seq: number;
  at: number;
  from: "user" | "bot";
  text?: string;
  blocks?: unknown[];
  attachments?: Attachment[];
  buttons?: Button[];
  error?: boolean;
  /** Only the person who ran the command would see it in Slack. */
  ephemeral?: boolean;
  /** The earlier message this one replaces (a pressed confirmation). */
  replaces?: number;
  /** A form the page opens as a modal, as Slack would. */
  form?: Form;
}

export interface WebConnectorOptions {
  /** Who the playground's user is. */
  user?: { id: string; name?: string };
  /** How many messages are kept for polling. Default 500. */
  keep?: number;
}

export interface WebConnector extends Connector {
  name: "web";
  /** Messages after sequence number `after`, oldest first. */
  messages(after?: number): PlaygroundMessage[];
}

const MAX_TEXT = 4000;
/** The one conversation the playground shows. */
export const PLAYGROUND_CHANNEL = { id: "CPLAYGROUND", name: "playground" };

/**
 * The playground's connector: commands typed in the web page, replies kept in memory so the
 * page can poll for late ones (deferred jobs, slow commands).
 */
export function createWebConnector(options: WebConnectorOptions = {}): WebConnector {
  const user = options.user ?? { id: "ULOCAL", name: "you" };
  const keep = options.keep ?? 500;
  const log: PlaygroundMessage[] = [];
  let seq = 0;

  function push(message: Omit<PlaygroundMessage, "seq" | "at">, now: number): PlaygroundMessage {
    const stored = { ...message, seq: ++seq, at: now };
    log.push(stored);
    if (log.length > keep) log.splice(0, log.length - keep);
    return stored;
  }

  function fromReply(reply: Reply, replaces?: number): Omit<PlaygroundMessage, "seq" | "at"> {
    return {
      from: "bot",
      ...(reply.text !== undefined ? { text: reply.text } : {}),
      ...(reply.blocks ? { blocks: reply.blocks } : {}),
      ...(reply.attachments ? { attachments: reply.attachments } : {}),
      ...(reply.buttons ? { buttons: reply.buttons } : {}),
      ...(reply.error ? { error: true } : {}),
      ...(reply.visibility === "ephemeral" ? { ephemeral: true } : {}),
      ...(reply.form ? { form: reply.form } : {}),
      ...(replaces !== undefined && reply.replaceOriginal ? { replaces } : {}),
    };
  }

  async function readJson(
    request: CatOpsRequest,
    kit: ConnectorKit,
  ): Promise<Record<string, unknown>> {
    // A JSON content type cannot be sent cross-site without a CORS preflight, which this server
    // never grants; with the origin check, other web pages cannot run commands here.
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith("application/json"))
      throw new HttpError(415, "send application/json");
    const origin = request.headers.get("origin");
    if (origin !== null && hostOf(origin) !== new URL(request.url).host)
      throw new HttpError(403, "cross-origin request refused");
    return parseJsonObject(await readBody(request, kit.bodyLimit));
  }

  function stringField(body: Record<string, unknown>, name: string, required: boolean) {
    const value = body[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string" || (required && value.trim() === ""))
      throw new HttpError(400, `"${name}" must be a non-empty string`);
    if (value.length > MAX_TEXT) throw new HttpError(400, `"${name}" is too long`);
    return value;
  }

  async function handleCommand(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const body = await readJson(request, kit);
    const text = stringField(body, "text", true)!;
    const said = push({ from: "user", text }, kit.now());
    const event: CommandEvent = {
      command: [],
      text,
      user,
      channel: PLAYGROUND_CHANNEL,
      source: "web",
    };
    const reply = await kit.execute(event);
    const answered = reply ? [push(fromReply(reply), kit.now())] : [];
    return json({ messages: [said, ...answered] });
  }

  async function handleAction(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const body = await readJson(request, kit);
    const action = stringField(body, "action", true)!;
    const value = stringField(body, "value", false);
    const message = typeof body.message === "number" ? body.message : undefined;
    const event: CommandEvent = {
      command: [],
      user,
      channel: PLAYGROUND_CHANNEL,
      source: "web",
      raw: { action, value, message },
    };
    const before = seq;
    const reply = await kit.act({ action, ...(value !== undefined ? { value } : {}) }, event);
    if (reply) push(fromReply(reply, message), kit.now());
    // With what the command delivered meanwhile (an edit of an alert's card), in order: the page
    // polls after the last message it was given, so none of them may be skipped.
    return json({ messages: log.filter((posted) => posted.seq > before) });
  }

  /** A submitted form: inline errors, or the messages of its run. */
  async function handleForm(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const body = await readJson(request, kit);
    const command = stringField(body, "command", true)!;
    const given = body.values;
    if (typeof given !== "object" || given === null || Array.isArray(given))
      throw new HttpError(400, '"values" must be an object');
    const values: FormSubmission["values"] = Object.create(null);
    for (const [id, value] of Object.entries(given)) {
      if (typeof value === "boolean") values[id] = value;
      else if (typeof value === "string" && value.length <= MAX_TEXT) values[id] = value;
      else throw new HttpError(400, `"values.${id.slice(0, 40)}" must be text or true/false`);
    }
    const event: CommandEvent = { command: [], user, channel: PLAYGROUND_CHANNEL, source: "web" };
    const outcome = await kit.submitForm({ command, values }, event);
    if ("errors" in outcome) return json({ errors: outcome.errors });
    return json({ messages: outcome.reply ? [push(fromReply(outcome.reply), kit.now())] : [] });
  }

  /** The Home view of the playground's user, read afresh. */
  async function handleHome(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    await readJson(request, kit);
    return json({ home: await kit.home({ command: [], user, source: "web" }) });
  }

  const routes: Record<
    string,
    (request: CatOpsRequest, kit: ConnectorKit) => Promise<CatOpsResponse>
  > = {
    "/playground/command": handleCommand,
    "/playground/action": handleAction,
    "/playground/form": handleForm,
    "/playground/home": handleHome,
  };

  return {
    name: "web",
    paths: Object.keys(routes),
    forms: true,
    handle(request, kit) {
      // HttpErrors thrown here become clean 4xx answers in the core's fetch handler.
      return (routes[pathnameOf(request)] ?? handleCommand)(request, kit);
    },
    async deliver(_event, reply, kit) {
      // An edit (an alert card changing state) replaces the message in the page; its id stays.
      const edited = reply.replaces === undefined ? undefined : Number(reply.replaces);
      const replaces = Number.isInteger(edited) ? edited : undefined;
      const posted = push(
        { ...fromReply(reply), ...(replaces !== undefined ? { replaces } : {}) },
        kit.now(),
      );
      return { messageId: String(replaces ?? posted.seq) };
    },
    messages(after = 0) {
      return log.filter((message) => message.seq > after);
    },
  };
}

export function isWebConnector(connector: Connector | undefined): connector is WebConnector {
  return connector?.name === "web" && typeof (connector as WebConnector).messages === "function";
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
