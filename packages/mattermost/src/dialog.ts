// Forms as Mattermost interactive dialogs: a core Form becomes the dialog opened with
// `POST /api/v4/actions/dialogs/open` (with the slash command's trigger id), and its submission,
// POSTed to the connector's dialog URL, becomes the form's values. Mattermost does not sign
// submissions, so the dialog's `state` carries an HMAC of what it stands for, as buttons do.
import {
  clipText,
  type CommandEvent,
  type Form,
  type FormField,
  type FormSubmission,
  HttpError,
  parseJsonObject,
} from "@catops/core";
import { type SignedAction, signActionContext, verifyActionContext } from "./actions.js";

export const FORM_ACTION = "catops.form";
const LIMITS = { title: 24, displayName: 24, helpText: 150, options: 100 };

type Hmac = (key: string, message: string) => Promise<string> | string;

/** The body of `dialogs/open`: where submissions go, and the dialog. */
export async function dialogRequest(
  form: Form,
  options: { triggerId: string; url: string; responseUrl?: string; token: string; hmac: Hmac },
) {
  const state = await signActionContext(
    {
      action: FORM_ACTION,
      value: form.command,
      ...(options.responseUrl ? { responseUrl: options.responseUrl } : {}),
    },
    options.token,
    options.hmac,
  );
  return {
    trigger_id: options.triggerId,
    url: options.url,
    dialog: {
      callback_id: FORM_ACTION,
      title: clipText(form.title, LIMITS.title),
      submit_label: form.submit,
      state: JSON.stringify(state),
      elements: form.fields.map(element),
    },
  };
}

function element(field: FormField) {
  const base = {
    display_name: clipText(field.label, LIMITS.displayName),
    name: field.id,
    optional: !field.required,
    ...(field.description ? { help_text: clipText(field.description, LIMITS.helpText) } : {}),
  };
  switch (field.type) {
    case "select":
      return {
        ...base,
        type: "select",
        options: (field.choices ?? [])
          .slice(0, LIMITS.options)
          .map((choice) => ({ text: choice, value: choice })),
        ...(typeof field.initial === "string" ? { default: field.initial } : {}),
      };
    case "checkbox":
      return { ...base, type: "bool", default: field.initial === true ? "true" : "false" };
    default:
      return {
        ...base,
        type: field.multiline ? "textarea" : "text",
        ...(field.type === "number" ? { subtype: "number" } : {}),
        ...(typeof field.initial === "string" ? { default: field.initial } : {}),
      };
  }
}

/** A dialog submission, verified by its signed state; a forged or edited one is refused (401). */
export async function dialogSubmission(
  body: string,
  tokens: readonly string[],
  hmac: Hmac,
): Promise<
  { cancelled: true } | { submission: FormSubmission; event: CommandEvent; responseUrl?: string }
> {
  const request = parseJsonObject(body, "dialog submission");
  let state: unknown;
  try {
    state = JSON.parse(typeof request.state === "string" ? request.state : "");
  } catch {
    throw new HttpError(401, "invalid token");
  }
  const signed: SignedAction | undefined = await verifyActionContext(state, tokens, hmac);
  if (!signed || signed.action !== FORM_ACTION || !signed.value)
    throw new HttpError(401, "invalid token");
  if (request.cancelled === true) return { cancelled: true };
  const userId = request.user_id;
  if (typeof userId !== "string" || userId === "")
    throw new HttpError(400, "dialog submission has no user_id");
  const given = request.submission;
  const values: FormSubmission["values"] = Object.create(null);
  if (typeof given === "object" && given !== null && !Array.isArray(given))
    for (const [name, value] of Object.entries(given)) {
      if (typeof value === "string" || typeof value === "boolean") values[name] = value;
      else if (typeof value === "number") values[name] = String(value);
    }
  const channelId = typeof request.channel_id === "string" ? request.channel_id : undefined;
  const teamId = typeof request.team_id === "string" ? request.team_id : undefined;
  const { state: _signed, ...raw } = request;
  const event: CommandEvent = {
    command: [],
    user: { id: userId },
    ...(channelId ? { channel: { id: channelId } } : {}),
    ...(teamId ? { team: { id: teamId } } : {}),
    ...(signed.responseUrl ? { responseUrl: signed.responseUrl } : {}),
    source: "mattermost",
    raw,
  };
  return { submission: { command: signed.value, values }, event };
}
