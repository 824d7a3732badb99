// Forms as Slack modals: a core Form becomes a `views.open` view with one input block per field,
// and a `view_submission` payload becomes the values the core validates and runs.
import {
  type CommandEvent,
  clipText,
  type Form,
  type FormField,
  type FormSubmission,
  HttpError,
} from "@catops/core";
import type { InputBlock, InputBlockElement, ModalView, PlainTextOption } from "@slack/types";
import { withName } from "./parse.js";
import { checkShape, type Shape } from "./shape.js";
import type { SlackInteraction } from "./wire.js";

/** The callback_id of every CatOps modal. */
export const FORM_CALLBACK_ID = "catops.form";
/** Each input's action_id; its block_id is the field's id. */
const INPUT_ACTION = "value";

/** Slack's documented limits for modals. */
const LIMITS = {
  title: 24,
  button: 24,
  label: 2000,
  hint: 2000,
  options: 100,
  optionText: 75,
  blocks: 100,
};

/** What a modal carries back to the submission: the command and where to answer. */
interface FormMetadata {
  command: string;
  channel?: string;
  thread?: string;
}

/** The modal for a form, opened from `event` (its channel is where the result goes). */
export function formModal(form: Form, event: CommandEvent): ModalView {
  const metadata: FormMetadata = {
    command: form.command,
    ...(event.channel?.id ? { channel: event.channel.id } : {}),
    ...(event.threadId ? { thread: event.threadId } : {}),
  };
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain(form.title, LIMITS.title),
    submit: plain(form.submit, LIMITS.button),
    close: plain("Cancel", LIMITS.button),
    blocks: form.fields.slice(0, LIMITS.blocks).map(inputBlock),
  };
}

function plain(text: string, max: number) {
  return { type: "plain_text" as const, text: clipText(text, max) };
}

function inputBlock(field: FormField): InputBlock {
  const block: InputBlock = {
    type: "input",
    block_id: field.id,
    optional: !field.required,
    label: plain(field.label, LIMITS.label),
    element: inputElement(field),
  };
  if (field.description) block.hint = plain(field.description, LIMITS.hint);
  return block;
}

function inputElement(field: FormField): InputBlockElement {
  const initial = typeof field.initial === "string" ? field.initial : undefined;
  switch (field.type) {
    case "select": {
      const options = (field.choices ?? []).slice(0, LIMITS.options).map(option);
      const chosen = options.find((o) => o.value === initial);
      return {
        type: "static_select",
        action_id: INPUT_ACTION,
        options,
        ...(chosen ? { initial_option: chosen } : {}),
      };
    }
    case "checkbox": {
      const box = option("yes");
      return {
        type: "checkboxes",
        action_id: INPUT_ACTION,
        options: [box],
        ...(field.initial === true ? { initial_options: [box] } : {}),
      };
    }
    case "number":
      return {
        type: "number_input",
        action_id: INPUT_ACTION,
        is_decimal_allowed: true,
        ...(initial !== undefined ? { initial_value: initial } : {}),
      };
    default:
      return {
        type: "plain_text_input",
        action_id: INPUT_ACTION,
        ...(field.multiline ? { multiline: true } : {}),
        ...(initial !== undefined ? { initial_value: initial } : {}),
      };
  }
}

function option(value: string): PlainTextOption {
  return { text: plain(value, LIMITS.optionText), value };
}

const VIEW_SUBMISSION_SHAPE: Shape = {
  user: { id: "string", username: "string", name: "string", team_id: "string" },
  team: { id: "string", domain: "string" },
  view: { callback_id: "string", private_metadata: "string" },
};

interface InputState {
  value?: unknown;
  selected_option?: { value?: unknown } | null;
  selected_options?: { value?: unknown }[];
}

/** A CatOps form's submission, or why the payload is not one (another app's modal). */
export function formSubmission(
  payload: SlackInteraction,
): { submission: FormSubmission; event: CommandEvent } | { ignore: string } {
  checkShape(payload, VIEW_SUBMISSION_SHAPE, "payload");
  const view = payload.view;
  if (view?.callback_id !== FORM_CALLBACK_ID) return { ignore: "a modal CatOps did not open" };
  const userId = payload.user?.id;
  if (!userId) throw new HttpError(400, "view_submission has no user");
  const metadata = readMetadata(view.private_metadata);
  const values: FormSubmission["values"] = Object.create(null);
  const state = (view.state?.values ?? {}) as Record<string, Record<string, InputState>>;
  for (const [blockId, inputs] of Object.entries(state)) {
    const input = inputs?.[INPUT_ACTION];
    if (typeof input !== "object" || input === null) continue;
    values[blockId] = inputValue(input);
  }
  const teamId = payload.team?.id ?? payload.user?.team_id;
  // The result goes where the form was opened; from the Home tab, to the user's own DM.
  const channel = metadata.channel ?? userId;
  const event: CommandEvent = {
    command: [],
    user: withName({ id: userId }, payload.user?.username ?? payload.user?.name),
    channel: { id: channel },
    ...(teamId ? { team: { id: teamId } } : {}),
    ...(metadata.thread ? { threadId: metadata.thread } : {}),
    source: "slack",
    raw: payload,
  };
  return { submission: { command: metadata.command, values }, event };
}

function inputValue(input: InputState): string | boolean | undefined {
  if (Array.isArray(input.selected_options)) return input.selected_options.length > 0;
  if (input.selected_option && typeof input.selected_option.value === "string")
    return input.selected_option.value;
  return typeof input.value === "string" ? input.value : undefined;
}

function readMetadata(text: string | undefined): FormMetadata {
  try {
    const parsed = JSON.parse(text ?? "") as Partial<FormMetadata>;
    if (typeof parsed.command === "string" && parsed.command !== "")
      return {
        command: parsed.command,
        ...(typeof parsed.channel === "string" ? { channel: parsed.channel } : {}),
        ...(typeof parsed.thread === "string" ? { thread: parsed.thread } : {}),
      };
  } catch {
    // answered below
  }
  throw new HttpError(400, "view_submission's private_metadata is not a CatOps form's");
}

/** The answer that shows each error under its input and keeps the modal open. */
export function formErrors(errors: Record<string, string>) {
  return { response_action: "errors" as const, errors };
}
