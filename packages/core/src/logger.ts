import type { Logger } from "./types.js";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A configured log level (`CATOPS_LOG_LEVEL`, any case), or undefined when it names none. */
export function logLevelOf(value: unknown): Level | undefined {
  const level = typeof value === "string" ? value.toLowerCase() : undefined;
  return level !== undefined && Object.hasOwn(ORDER, level) ? (level as Level) : undefined;
}

const SECRET_KEY = /secret|token|password|passwd|authorization|signature|api[-_]?key|cookie/i;
/** What a masked secret reads as. */
export const MASK = "[redacted]";

export interface LoggerOptions {
  level?: Level;
  /** Values never to print, wherever they appear (signing secrets, tokens). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; one JSON object per line by default. */
  write?: (line: string, level: Level) => void;
  fields?: Record<string, unknown>;
}

/** Masks secret values in any string. Shared by the logger and everything that reaches chat. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Read again whenever the list grows: secrets learned later (a runtime's env) are masked
  // too. Secrets are only ever added, so the length tells when to look again.
  let known = -1;
  let values: string[] = [];
  let shortest = 0;
  return (text) => {
    if (secrets.length !== known) {
      values = secretValues(secrets);
      known = secrets.length;
      shortest = Math.min(...values.map((value) => value.length));
    }
    // Most texts (a short reply, a command line) are shorter than any secret: none can be in them.
    if (text.length < shortest) return text;
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}

// Shorter values would mask ordinary words. A value with quotes, backslashes or newlines is also
// looked for as it reads inside JSON text (replies are masked as JSON).
function secretValues(secrets: readonly (string | undefined)[]): string[] {
  const values: string[] = [];
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < 6) continue;
    values.push(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) values.push(escaped);
  }
  return values;
}

/** A property read that cannot throw (an error's message may be a getter that does). */
function read(read: () => unknown): string | undefined {
  try {
    const value = read();
    return value === undefined ? undefined : String(value);
  } catch {
    return "[unreadable]";
  }
}

function redactFields(
  value: unknown,
  redact: (text: string) => string,
  depth = 0,
  errors: readonly Error[] = [],
): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  // Deeper values are not printed: unmasked, they could carry a secret (or a cycle).
  if (depth > MAX_DEPTH) return "[nested too deep]";
  if (value instanceof Error) return redactError(value, redact, depth, errors);
  if (Array.isArray(value))
    return value.map((item) => redactFields(item, redact, depth + 1, errors));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && typeof item === "string"
        ? MASK
        : redactFields(item, redact, depth + 1, errors);
  }
  return out;
}

const MAX_DEPTH = 6;
// An AggregateError of thousands would flood the line; the count says how many there were.
const MAX_INNER_ERRORS = 10;

/**
 * Every string an error carries, masked: name, message, stack, its own fields (a code, a
 * status), its cause chain and an AggregateError's errors. `errors` holds the errors above this
 * one, so a cause that points back up is printed as "[circular]".
 */
function redactError(
  error: Error,
  redact: (text: string) => string,
  depth: number,
  errors: readonly Error[],
): Record<string, unknown> {
  if (errors.includes(error)) return { circular: true };
  const path = [...errors, error];
  const nested = (item: unknown) => redactFields(item, redact, depth + 1, path);
  const text = (field: () => unknown) => {
    const found = read(field);
    return found === undefined ? undefined : redact(found);
  };
  const out: Record<string, unknown> = {
    name: text(() => error.name),
    message: text(() => error.message) ?? "",
    stack: text(() => error.stack),
  };
  let own: string[] = [];
  try {
    own = Object.keys(error);
  } catch {}
  for (const key of own) {
    if (key in out || key === "cause" || key === "errors") continue;
    try {
      const item = (error as unknown as Record<string, unknown>)[key];
      out[key] = SECRET_KEY.test(key) && typeof item === "string" ? MASK : nested(item);
    } catch {
      out[key] = "[unreadable]";
    }
  }
  try {
    if ("cause" in error && error.cause !== undefined) out.cause = nested(error.cause);
    const inner = (error as { errors?: unknown }).errors;
    if (Array.isArray(inner)) {
      out.errors = inner.slice(0, MAX_INNER_ERRORS).map(nested);
      if (inner.length > MAX_INNER_ERRORS) out.errorCount = inner.length;
    }
  } catch {
    out.cause = "[unreadable]";
  }
  return out;
}

/** A structured JSON logger that never prints a secret. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink: Sink = {
    threshold: ORDER[options.level ?? "info"],
    redact: createRedactor(options.secrets ?? []),
    write: options.write ?? defaultWrite,
  };
  return new JsonLogger(sink, undefined, options.fields ?? {});
}

/** Where a logger and all its children write, and from which level. */
interface Sink {
  threshold: number;
  redact: (text: string) => string;
  write: (line: string, level: Level) => void;
}

/**
 * A request makes a child logger or two (its kit's and its command's), and most never write a
 * line at the configured level. So a child is one object whose methods are its class's, as
 * pino's are (closures made for each child were about a twentieth of what a warm Lambda event
 * allocated), and its fields are merged with its parent's only when it first writes. Its
 * methods are called on it: `log.info(...)`.
 */
class JsonLogger implements Logger {
  readonly #sink: Sink;
  readonly #parent: JsonLogger | undefined;
  readonly #own: Record<string, unknown>;
  #merged: Record<string, unknown> | undefined;

  constructor(sink: Sink, parent: JsonLogger | undefined, own: Record<string, unknown>) {
    this.#sink = sink;
    this.#parent = parent;
    this.#own = own;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#emit("debug", message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.#emit("info", message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.#emit("warn", message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.#emit("error", message, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.#sink, this, fields);
  }

  #fields(): Record<string, unknown> {
    this.#merged ??= this.#parent ? { ...this.#parent.#fields(), ...this.#own } : this.#own;
    return this.#merged;
  }

  #emit(level: Level, message: string, fields?: Record<string, unknown>): void {
    const { threshold, redact, write } = this.#sink;
    if (ORDER[level] < threshold) return;
    const time = new Date().toISOString();
    let line: string;
    try {
      line = JSON.stringify(
        redactFields({ level, time, msg: message, ...this.#fields(), ...fields }, redact),
      );
    } catch {
      // Logging never throws: fields that cannot be written (a hostile getter) are left out.
      line = JSON.stringify({ level, time, msg: redact(String(message)), fields: "[unwritable]" });
    }
    write(line, level);
  }
}

function defaultWrite(line: string, level: Level): void {
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

export function childLogger(logger: Logger, fields: Record<string, unknown>): Logger {
  return logger.child ? logger.child(fields) : logger;
}

/**
 * Wraps a logger the bot was given (the user's, or a runtime's) so no configured secret reaches
 * it, in the message or in any field. Without secrets the logger is returned as it is.
 */
export function redactingLogger(logger: Logger, secrets: readonly (string | undefined)[]): Logger {
  const redact = createRedactor(secrets);
  const clean = (fields?: Record<string, unknown>) =>
    fields === undefined ? undefined : (redactFields(fields, redact) as Record<string, unknown>);
  const wrap = (inner: Logger): Logger => ({
    debug: (message, fields) => inner.debug(redact(message), clean(fields)),
    info: (message, fields) => inner.info(redact(message), clean(fields)),
    warn: (message, fields) => inner.warn(redact(message), clean(fields)),
    error: (message, fields) => inner.error(redact(message), clean(fields)),
    ...(inner.child ? { child: (fields) => wrap(inner.child!(clean(fields) ?? {})) } : {}),
  });
  return wrap(logger);
}
