// A small, strict option parser: every subcommand lists its options, anything else is an error.
import { CliError } from "./io.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Reads `--name value`, `--name=value`, `-n value` and boolean `--name`, anywhere on the line.
 * `--` ends the options: what follows is positional even when it starts with a dash.
 */
export function parseOptions(
  command: string,
  args: readonly string[],
  specs: Record<string, OptionSpec>,
  /** Added to the unknown-option message: how to pass the option on instead. */
  hint?: string,
): Parsed {
  const values: Parsed["values"] = Object.create(null);
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name]] : [])),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const match = /^(--?)([^=]+)(?:=([\s\S]*))?$/.exec(arg);
    if (!match || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const [, dashes, given, inline] = match as unknown as [string, string, string, string?];
    const name = dashes === "--" ? given : byShort.get(given);
    const spec = name !== undefined && Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec || name === undefined) {
      throw new CliError(
        `unknown option ${arg.split("=")[0]} for \`catops ${command}\`; ${hint ?? `see \`catops help ${command}\``}`,
        2,
      );
    }
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new CliError(`option --${name} takes no value`, 2);
      values[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-"))
      throw new CliError(`option --${name} needs a value`, 2);
    values[name] = value;
  }
  return { values: { ...values }, positionals };
}
