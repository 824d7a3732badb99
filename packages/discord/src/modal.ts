// Forms as Discord modals (interaction response type 9): one text input per field, at most five
// (Discord's limit), and a modal submit (interaction type 5) read back as the form's values.
import { clipText, type Form, type FormField, type FormSubmission } from "@catops/core";
import type { DiscordInteraction } from "./wire.js";

/** A modal's custom_id: this prefix and the command's name. */
export const FORM_CUSTOM_ID = "catops.form:";

const LIMITS = { fields: 5, title: 45, label: 45, placeholder: 100, customId: 100, value: 4000 };
const SHORT = 1;
const PARAGRAPH = 2;
const TEXT_INPUT = 4;

/** The modal response for a form, or undefined when Discord cannot show it (too many fields). */
export function discordModal(form: Form) {
  if (form.fields.length > LIMITS.fields) return undefined;
  const customId = `${FORM_CUSTOM_ID}${form.command}`;
  if (customId.length > LIMITS.customId) return undefined;
  return {
    type: 9,
    data: {
      custom_id: customId,
      title: clipText(form.title, LIMITS.title),
      components: form.fields.map((field) => ({
        type: 1,
        components: [textInput(field)],
      })),
    },
  };
}

/** Discord modals hold text inputs only: choices and yes/no are said in the placeholder. */
function textInput(field: FormField) {
  const placeholder =
    field.type === "select"
      ? (field.choices ?? []).join(" | ")
      : field.type === "checkbox"
        ? "yes or no"
        : field.type === "number"
          ? "a number"
          : field.description;
  const initial =
    typeof field.initial === "boolean" ? (field.initial ? "yes" : "no") : field.initial;
  return {
    type: TEXT_INPUT,
    custom_id: field.id,
    label: clipText(field.label, LIMITS.label),
    style: field.multiline ? PARAGRAPH : SHORT,
    required: field.required,
    max_length: LIMITS.value,
    ...(placeholder ? { placeholder: clipText(placeholder, LIMITS.placeholder) } : {}),
    ...(initial !== undefined && initial !== "" ? { value: initial } : {}),
  };
}

/** A CatOps modal's submission; undefined for a modal CatOps did not open. */
export function modalSubmission(interaction: DiscordInteraction): FormSubmission | undefined {
  const customId = interaction.data?.custom_id;
  if (typeof customId !== "string" || !customId.startsWith(FORM_CUSTOM_ID)) return undefined;
  const command = customId.slice(FORM_CUSTOM_ID.length);
  if (command === "") return undefined;
  const values: FormSubmission["values"] = Object.create(null);
  for (const row of interaction.data?.components ?? [])
    for (const input of row?.components ?? []) {
      if (typeof input?.custom_id !== "string" || typeof input.value !== "string") continue;
      values[input.custom_id] = input.value;
    }
  return { command, values };
}

/** The ephemeral answer to a submission with values that do not fit: one line per field. */
export function formErrorsText(form: Record<string, string>): string {
  const lines = Object.entries(form).map(
    ([id, message]) => `• ${id.replace(/^(arg|flag)\./, "")}: ${message}`,
  );
  return `That did not run:\n${lines.join("\n")}`;
}
