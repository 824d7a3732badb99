import { type CommandEvent, FORM_ACTION, type Reply } from "@catops/core";

/** A form reply where no modal can open: its usage text, with a button that opens one. */
export function withoutForm(reply: Reply): Reply {
  if (!reply.form) return reply;
  const { form, ...rest } = reply;
  const button = { text: "Fill in…", action: FORM_ACTION, value: form.command };
  return { ...rest, buttons: [...(rest.buttons ?? []), button] };
}

/** The trigger id a modal needs, from the request that asked for it. */
export function triggerId(event: CommandEvent): string | undefined {
  const raw = event.raw as { trigger_id?: unknown } | undefined;
  return typeof raw?.trigger_id === "string" && raw.trigger_id !== "" ? raw.trigger_id : undefined;
}
