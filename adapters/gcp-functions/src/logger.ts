// Cloud Logging reads one JSON object per stdout line; `severity` sets the entry's level and
// `message` its summary. Everything else becomes jsonPayload fields.
import { createLogger, type Logger } from "@catops/core";

const SEVERITY: Record<string, string> = {
  debug: "DEBUG",
  info: "INFO",
  warn: "WARNING",
  error: "ERROR",
};

export interface CloudLoggerOptions {
  level?: "debug" | "info" | "warn" | "error";
  /** Values never to print; by default those of secret-looking variables in process.env. */
  secrets?: readonly (string | undefined)[];
  fields?: Record<string, unknown>;
  /** Where each JSON line goes; stdout by default. */
  write?: (line: string) => void;
}

/**
 * A structured logger whose lines Cloud Logging files under DEBUG/INFO/WARNING/ERROR. Give it
 * to createCatOps too (`logger`), so the bot's own lines (audit records) carry a severity.
 */
export function createCloudLogger(options: CloudLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return createLogger({
    level: options.level,
    secrets: options.secrets ?? secretValues(process.env),
    fields: options.fields,
    write: (line, level) => {
      const { level: _level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const entry: Record<string, unknown> = { severity: SEVERITY[level], message: msg, ...fields };
      // Error Reporting groups entries that carry a stack trace in `stack_trace`.
      const stack = (fields.error as { stack?: unknown } | undefined)?.stack;
      if (typeof stack === "string") entry.stack_trace = stack;
      write(JSON.stringify(entry));
    },
  });
}

const SECRET_ENV = /SECRET|TOKEN|PASSWORD|KEY/i;

/** The values of secret-looking variables (SLACK_SIGNING_SECRET, ...), for redaction. */
export function secretValues(env: Record<string, unknown>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === "string")
    .map(([, value]) => value as string);
}
