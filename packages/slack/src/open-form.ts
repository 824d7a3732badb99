import type { CommandEvent, ConnectorKit, Reply } from "@catops/core";
import { triggerId } from "./form-reply.js";
import { formModal } from "./modal.js";
import type { SlackWebClient } from "./web-api.js";

/** Opens a reply's form as a modal with the event's trigger id; false when it cannot. */
export async function openForm(
  reply: Reply,
  event: CommandEvent,
  kit: ConnectorKit,
  client: (kit: ConnectorKit) => Promise<SlackWebClient | undefined>,
): Promise<boolean> {
  const trigger = triggerId(event);
  const web = trigger ? await client(kit) : undefined;
  if (!reply.form || !trigger || !web) return false;
  const result = await web.openView(trigger, formModal(reply.form, event));
  if (!result.ok) kit.log.warn("form not opened; usage sent instead", { error: result.error });
  return result.ok;
}
