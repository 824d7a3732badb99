import type { InvocationContext } from "@azure/functions";
import { createLogger, type Logger } from "@catops/core";

type Level = "debug" | "info" | "warn" | "error";

/**
 * A Logger whose lines go through the invocation context, so Application Insights files them
 * under the invocation. Lines are redacted with the bot's secrets before they leave. Once the
 * invocation has ended (work still running after the answer), lines go to the console instead:
 * the worker still collects them, and the context would warn about a late call.
 */
export function invocationLogger(
  context: InvocationContext,
  redact: (text: string) => string,
  ended: () => boolean = () => false,
): Logger {
  return createLogger({
    // Azure filters by level itself (host.json logging.logLevel).
    level: "debug",
    fields: { invocationId: context.invocationId },
    write: (line, level) => {
      const text = redact(line);
      const sink = ended() ? consoleSink : contextSink(context);
      sink[level](text);
    },
  });
}

const consoleSink: Record<Level, (text: string) => void> = {
  debug: (text) => console.debug(text),
  info: (text) => console.info(text),
  warn: (text) => console.warn(text),
  error: (text) => console.error(text),
};

function contextSink(context: InvocationContext): Record<Level, (text: string) => void> {
  return {
    debug: (text) => context.debug(text),
    info: (text) => context.info(text),
    warn: (text) => context.warn(text),
    error: (text) => context.error(text),
  };
}
