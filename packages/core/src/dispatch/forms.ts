// Forms from command definitions: each typed argument and flag becomes a field, and a submitted
// form becomes the tokens of the command line it stands for. Platform-free: connectors render
// the Form and hand back the values.
import type { ArgSpec, Button, Command, FlagSpec, Form, FormField } from "../types.js";
import { FORM_ACTION } from "./form-action.js";

const MAX_VALUE_LENGTH = 3000;
const YES = /^(true|yes|y|on|1)$/i;

/** The form for a command, or undefined when it takes no declared arguments or flags. */
export function formFor(command: Command): Form | undefined {
  const fields: FormField[] = [];
  for (const [name, spec] of Object.entries(command.args ?? {}))
    fields.push(
      field(`arg.${name}`, name, spec, spec.required === true && spec.default === undefined),
    );
  for (const [name, spec] of Object.entries(command.flags ?? {}))
    fields.push(
      field(
        `flag.${name}`,
        `--${name}`,
        spec,
        spec.required === true && spec.default === undefined,
      ),
    );
  if (fields.length === 0) return undefined;
  return { command: command.name, title: clip(`Run ${command.name}`, 24), submit: "Run", fields };
}

/** The button that opens a command's form. */
export function fillInButton(command: Command): Button {
  return { text: "Fill in…", action: FORM_ACTION, value: command.name };
}

function field(id: string, label: string, spec: ArgSpec | FlagSpec, required: boolean): FormField {
  const type: FormField["type"] =
    spec.type === "boolean"
      ? "checkbox"
      : spec.choices
        ? "select"
        : spec.type === "number"
          ? "number"
          : "text";
  const out: FormField = { id, label, type, required: type === "checkbox" ? false : required };
  if (spec.description) out.description = spec.description;
  if (spec.choices) out.choices = spec.choices;
  if (spec.default !== undefined)
    out.initial = typeof spec.default === "boolean" ? spec.default : String(spec.default);
  if ("rest" in spec && spec.rest) out.multiline = true;
  return out;
}

/**
 * The tokens after the command name that a submission stands for, or an inline error per field
 * id. Flags are written `--name=value`, so no value is ever read as another flag.
 */
export function formTokens(
  command: Command,
  values: Readonly<Record<string, string | boolean | undefined>>,
): { tokens: string[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const text = (id: string): string | undefined => {
    const value = values[id];
    if (typeof value !== "string") return undefined;
    const trimmed = value.trim();
    if (trimmed.length > MAX_VALUE_LENGTH) errors[id] = `At most ${MAX_VALUE_LENGTH} characters.`;
    return trimmed === "" ? undefined : trimmed;
  };

  const flags: string[] = [];
  for (const [name, spec] of Object.entries(command.flags ?? {})) {
    const id = `flag.${name}`;
    if (spec.type === "boolean") {
      // A checkbox sends true or false; a platform with text inputs only, its yes or no.
      const value = values[id];
      const checked = value === true || (typeof value === "string" && YES.test(value.trim()));
      if (checked !== (spec.default === true)) flags.push(`--${name}=${checked}`);
      continue;
    }
    const value = text(id);
    if (value === undefined) {
      if (spec.required && spec.default === undefined) errors[id] = "Required.";
      continue;
    }
    const problem = invalid(value, spec);
    if (problem) errors[id] = problem;
    // A default left as it was shown is not written out: the line stays what one would type.
    else if (spec.default === undefined || String(spec.default) !== value)
      flags.push(`--${name}=${value}`);
  }

  const positionals: string[] = [];
  let gap: string | undefined;
  for (const [name, spec] of Object.entries(command.args ?? {})) {
    const id = `arg.${name}`;
    const value = text(id);
    if (value === undefined) {
      if (spec.required && spec.default === undefined) errors[id] = "Required.";
      else gap ??= id;
      continue;
    }
    const problem = invalid(value, spec);
    if (problem) errors[id] = problem;
    else if (gap) errors[gap] = "Needed when a later argument is given.";
    else positionals.push(value);
  }
  if (Object.keys(errors).length > 0) return { errors };
  // Positionals first, as typed; after `--` when one starts with a dash, so it stays a value.
  if (!positionals.some((value) => value.startsWith("-")))
    return { tokens: [...positionals, ...flags] };
  return { tokens: [...flags, "--", ...positionals] };
}

function invalid(value: string, spec: ArgSpec | FlagSpec): string | undefined {
  if (spec.type === "number") {
    const number = Number(value);
    if (!Number.isFinite(number)) return "Must be a number.";
    if (spec.choices && !spec.choices.some((choice) => Number(choice) === number))
      return `Must be one of ${spec.choices.join(", ")}.`;
    return undefined;
  }
  if (spec.choices && !spec.choices.includes(value))
    return `Must be one of ${spec.choices.join(", ")}.`;
  return undefined;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
