// A random cat picture: the API answers `[{ "url": ... }]`, the reply is a Slack attachment.
import { create_slack_attachment, create_slack_payload } from "../_lib/slack.ts";

export const compat = "catops-v0";

export async function cat(_argv: string[], params: { get<T>(key: string, d: T): string[] | T }) {
  const response = await fetch(
    process.env.CATOPS_CAT_API ?? "https://api.thecatapi.com/v1/images/search",
  );
  const [picture] = (await response.json()) as { url: string }[];
  const user = params.get("user_name", ["CatOps"])[0];
  const attachment = create_slack_attachment(
    "A cat",
    "#36a64f",
    `@${user} asked for a cat`,
    "CatOps",
    undefined,
    undefined,
    "Meow!",
    picture?.url,
    undefined,
    undefined,
    picture?.url,
  );
  return create_slack_payload("in_channel", "", [attachment]);
}
