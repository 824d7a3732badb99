// The options every adapter takes under the same names, checked in one place: `env` (the
// settings the bot reads), `logger` (where the adapter's own lines go) and `basePath` (a path
// prefix the platform leaves on requests). Each adapter adds its own beside them.
import { checkOptions } from "./options.js";
import type { Logger } from "./types.js";

export interface AdapterOptions<Env = Record<string, unknown>> {
  /** The settings the bot reads (secrets, tokens). Default: the platform's own. */
  env?: Env;
  /** Where the adapter's own lines go. Default: the platform's logger, else the bot's. */
  logger?: Logger;
  /** A path prefix to remove before routing ('/catops' when the bot is served below it). */
  basePath?: string;
}

export const ADAPTER_OPTIONS = ["env", "logger", "basePath"] as const;
type AdapterOption = (typeof ADAPTER_OPTIONS)[number];

const LOGGER_METHODS = ["debug", "info", "warn", "error"] as const;

/**
 * Checks an adapter's options: no unknown key, and the shared ones well formed (`shared` names
 * those a function takes: a queue handler has no base path). Returns the base path normalised
 * ('api', '/api/' → '/api'; '' or '/' → '').
 */
export function checkAdapterOptions(
  where: { package: string; fn: string },
  options: AdapterOptions<unknown> | undefined,
  own: readonly string[],
  shared: readonly AdapterOption[] = ADAPTER_OPTIONS,
): { basePath: string } {
  checkOptions(where, options, [...shared, ...own]);
  const fail = (message: string) => {
    throw new TypeError(`${where.package} ${where.fn}: ${message}`, {
      cause: { package: where.package },
    });
  };
  if (options?.env !== undefined && (typeof options.env !== "object" || options.env === null))
    fail("env must be an object of settings");
  const logger = options?.logger as Partial<Record<string, unknown>> | undefined;
  if (
    logger !== undefined &&
    LOGGER_METHODS.some((method) => typeof logger?.[method] !== "function")
  )
    fail(`logger must have ${LOGGER_METHODS.join(", ")} methods`);
  const basePath = options?.basePath ?? "";
  if (typeof basePath !== "string" || /[?#\s]/.test(basePath))
    fail(`basePath must be a path such as "/catops" (got ${JSON.stringify(basePath)})`);
  const trimmed = basePath.replace(/^\/+|\/+$/g, "");
  return { basePath: trimmed ? `/${trimmed}` : "" };
}

/** Removes a normalised base path: '/api/slack/events' under '/api' → '/slack/events'. */
export function stripBasePath(pathname: string, basePath: string): string {
  if (!basePath) return pathname;
  if (pathname === basePath) return "/";
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}
