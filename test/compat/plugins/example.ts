// The original's example plugin, line for line: `ping` greets the caller from the Slack form.
import { create_slack_payload } from "./_lib/slack.ts";

export const compat = "catops-v0";

type Params = { get<T>(key: string, fallback: T): string[] | T };

/** Check is working. */
export function ping(_argv: string[], params: Params) {
  return create_slack_payload("in_channel", `@${params.get("user_name", ["CatOps"])[0]} Meow!`);
}

/** The Lambda-shaped return the original's handlers passed on. */
export function lambda(_argv: string[], params: Params) {
  return {
    statusCode: "200",
    text: `@${params.get("user_name", ["CatOps"])[0]} Meow!`,
    response_type: "in_channel",
  };
}

/** Echoes its arguments: argv[0] is the command name, as in the original. */
export function echo(argv: string[]) {
  return { response_type: "ephemeral", text: argv.slice(1).join(" ") || "(no arguments)" };
}

/** A dict that is not a message: shown as JSON, as the original's convert_dispatch did. */
export function status() {
  return { healthy: true, services: 3 };
}
