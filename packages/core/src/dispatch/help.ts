import { compareNames } from "./compare.js";
import type { Command } from "../types.js";

/** What a command with `confirm` asks before it runs: its own question, or "Run `<text>`?". */
export function confirmQuestion(command: Command, text: string): string {
  return typeof command.confirm === "string" ? command.confirm : `Run \`${text}\`?`;
}

/** `deploy <service> [--env staging|prod] [--force]` */
export function usageLine(command: Command): string {
  if (command.usage)
    return command.usage.startsWith(command.name)
      ? command.usage
      : `${command.name} ${command.usage}`;
  const parts = [command.name];
  for (const [name, spec] of Object.entries(command.args ?? {})) {
    const label = spec.rest ? `${name}...` : name;
    parts.push(spec.required ? `<${label}>` : `[${label}]`);
  }
  for (const [name, spec] of Object.entries(command.flags ?? {})) {
    const value =
      spec.type === "boolean"
        ? ""
        : ` ${spec.choices ? spec.choices.join("|") : spec.type === "number" ? "n" : name}`;
    parts.push(spec.required ? `--${name}${value}` : `[--${name}${value}]`);
  }
  return parts.join(" ");
}

/** The full help of one command: usage, description, each argument and flag. */
export function commandHelp(command: Command, prefix = ""): string {
  const lines = [`\`${prefix}${usageLine(command)}\``];
  if (command.description) lines.push(command.description);
  const details: string[] = [];
  for (const [name, spec] of Object.entries(command.args ?? {})) {
    details.push(
      `  ${name}${spec.required ? "" : " (optional)"}${describe(spec.description, spec.default)}`,
    );
  }
  for (const [name, spec] of Object.entries(command.flags ?? {})) {
    const short = spec.short ? `, -${spec.short}` : "";
    details.push(`  --${name}${short}${describe(spec.description, spec.default)}`);
  }
  if (details.length > 0) lines.push(...details);
  const formats = (command.formats ?? []).map(
    (format) => `\`${prefix}${typeof format === "string" ? format : format.format}\``,
  );
  if (formats.length > 0) lines.push(`Also: ${formats.join(", ")}`);
  if (command.confirm) lines.push("Asks for confirmation before it runs.");
  if (command.defer) lines.push("Runs in the background and reports back.");
  return lines.join("\n");
}

function describe(description: string | undefined, fallback: unknown): string {
  const parts = [
    description,
    fallback !== undefined ? `default: ${String(fallback)}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `: ${parts.join("; ")}` : "";
}

/** One line per visible command, sorted by name. */
export function helpText(commands: Iterable<Command>, prefix = "", lead?: string): string {
  const visible = [...commands]
    .filter((c) => !c.hidden)
    .sort((a, b) => compareNames(a.name, b.name));
  const lines = visible.map(
    (c) => `• \`${prefix}${c.name}\`${c.description ? ` ${c.description}` : ""}`,
  );
  const header = lead ? `${lead}\n\n` : "";
  return `${header}Commands:\n${lines.join("\n")}\n\nType \`${prefix}help <command>\` for its usage.`;
}
