import { MissingArgumentError, UsageError } from "../errors.js";
import type { ArgSpec, Command, FlagSpec } from "../types.js";

export interface ParsedArgs {
  args: Record<string, unknown>;
  flags: Record<string, unknown>;
}

// Keys that must never become properties through user input.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Fits the tokens after a command name to its definition: `--flag value`, `--flag=value`,
 * `-f value`, `--no-flag` for booleans, `--` ends flags. A command without a definition of
 * args takes any tokens (they stay in `argv`).
 */
export function parseArgs(command: Command, argv: readonly string[]): ParsedArgs {
  // Nothing declared and nothing given (`/catops hi`): nothing to fit.
  if (argv.length === 0 && command.args === undefined && command.flags === undefined)
    return { args: {}, flags: {} };
  const argSpecs = Object.entries(command.args ?? {});
  const flagSpecs = command.flags ?? {};
  const declaresArgs = command.args !== undefined || command.flags !== undefined;
  const args: Record<string, unknown> = Object.create(null);
  const flags: Record<string, unknown> = Object.create(null);
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // A leading underscore still reads as a flag, so `--__proto__` is refused, not taken as a value.
    const flagMatch = /^--?([A-Za-z_][\w-]*)(?:=([\s\S]*))?$/.exec(token);
    if (!flagMatch || (!declaresArgs && !Object.hasOwn(flagSpecs, flagMatch[1]!))) {
      positionals.push(token);
      continue;
    }
    const [, rawName, inline] = flagMatch as unknown as [string, string, string | undefined];
    const isShort = !token.startsWith("--");
    let name = isShort ? shortToName(flagSpecs, rawName) : rawName;
    let negated = false;
    if (name === undefined) throw new UsageError(`unknown flag -${rawName}`);
    if (
      !(name in flagSpecs) &&
      name.startsWith("no-") &&
      flagSpecs[name.slice(3)]?.type === "boolean"
    ) {
      name = name.slice(3);
      negated = true;
    }
    const spec = FORBIDDEN_KEYS.has(name) ? undefined : flagSpecs[name];
    if (!spec || !Object.hasOwn(flagSpecs, name)) throw new UsageError(`unknown flag --${name}`);
    if (spec.type === "boolean") {
      flags[name] = inline === undefined ? !negated : parseBoolean(name, inline);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
      i++;
    }
    flags[name] = coerce(`--${name}`, value, spec);
  }

  for (const [name, spec] of Object.entries(flagSpecs)) {
    if (name in flags) continue;
    if (spec.default !== undefined) flags[name] = spec.default;
    else if (spec.required) throw new MissingArgumentError(`missing required flag --${name}`);
    else if (spec.type === "boolean") flags[name] = false;
  }

  argSpecs.forEach(([name, spec], index) => {
    const isLast = index === argSpecs.length - 1;
    const raw =
      spec.rest && isLast ? positionals.splice(0).join(" ") || undefined : positionals.shift();
    if (raw === undefined) {
      if (spec.default !== undefined) args[name] = spec.default;
      else if (spec.required) throw new MissingArgumentError(`missing required argument <${name}>`);
      return;
    }
    args[name] = coerce(`<${name}>`, raw, spec);
  });
  if (command.args !== undefined && positionals.length > 0) {
    throw new UsageError(
      `unexpected argument${positionals.length > 1 ? "s" : ""}: ${positionals.join(" ")}`,
    );
  }
  return { args: { ...args }, flags: { ...flags } };
}

function shortToName(flags: Record<string, FlagSpec>, short: string): string | undefined {
  if (short.length > 1) return short; // `-env` is read as `--env`
  return Object.entries(flags).find(([, spec]) => spec.short === short)?.[0];
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(true|yes|1|on)$/i.test(value)) return true;
  if (/^(false|no|0|off)$/i.test(value)) return false;
  throw new UsageError(`flag --${name} takes true or false, not "${value}"`);
}

function coerce(label: string, value: string, spec: ArgSpec | FlagSpec): string | number {
  if (spec.type === "number") {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number)) {
      throw new UsageError(`${label} must be a number (got "${value}")`);
    }
    // A number's choices are numbers written as strings: "1.0" is the choice "1".
    if (spec.choices && !spec.choices.some((choice) => Number(choice) === number)) {
      throw new UsageError(`${label} must be one of ${spec.choices.join(", ")} (got "${value}")`);
    }
    return number;
  }
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`${label} must be one of ${spec.choices.join(", ")} (got "${value}")`);
  }
  return value;
}
