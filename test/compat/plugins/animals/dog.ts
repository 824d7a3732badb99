// A random dog picture: the API answers `{ "message": <url>, "status": "success" }`.
import { create_slack_attachment, create_slack_payload } from "../_lib/slack.ts";

export const compat = "catops-v0";

export async function dog() {
  const response = await fetch(
    process.env.CATOPS_DOG_API ?? "https://dog.ceo/api/breeds/image/random",
  );
  const { message } = (await response.json()) as { message: string };
  const attachment = create_slack_attachment(
    "A dog",
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    "Woof!",
  );
  attachment.image_url = message;
  return create_slack_payload("in_channel", "", [attachment]);
}
