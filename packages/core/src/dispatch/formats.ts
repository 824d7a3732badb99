// Natural command formats: `deploy {service} to {env}`, `ship {service}` beside the positional
// form. A format is words and `{parameters}` matched against the tokens as typed (quotes
// honoured, nothing evaluated); a match becomes the positional form (`deploy api --env=prod`)
// and is parsed as that, so both forms give the same args and the same errors. Every format is
// checked when the bot is created: what it names, what it leaves without a value, and whether
// another format could read the same line.
import { CommandTable } from "./command-table.js";
import { PluginError } from "../errors.js";
import type { Command, CommandFormat } from "../types.js";

type Part = { word: string } | { param: string };

interface Compiled {
  command: Command;
  source: string;
  parts: Part[];
  defaults: Record<string, string | number | boolean>;
}

const PARAM = /^\{([A-Za-z_][\w-]*)\}$/;

function fail(command: Command, format: string, problem: string): never {
  throw new PluginError(`format "${format}" of command "${command.name}" ${problem}`);
}

function compile(command: Command, given: CommandFormat): Compiled {
  const { format, defaults = {} } = typeof given === "string" ? { format: given } : given;
  const args = command.args ?? {};
  const flags = command.flags ?? {};
  const known = (name: string) => Object.hasOwn(args, name) || Object.hasOwn(flags, name);
  const parts: Part[] = format
    .trim()
    .split(/\s+/)
    .map((piece) => {
      const param = PARAM.exec(piece)?.[1];
      if (param) {
        if (!known(param))
          fail(command, format, `names {${param}}, which is not one of its args or flags`);
        return { param };
      }
      if (/[{}]/.test(piece)) fail(command, format, `has "${piece}": a parameter is {name}`);
      if (piece.startsWith("-"))
        fail(command, format, `has "${piece}": a word cannot start with -`);
      return { word: piece.toLowerCase() };
    });
  if (!parts[0] || !("word" in parts[0])) fail(command, format, "must start with a word");
  if (parts[0].word === "help") fail(command, format, 'cannot start with "help"');
  const named = parts.flatMap((part) => ("param" in part ? [part.param] : []));
  const twice = named.find((name, i) => named.indexOf(name) !== i);
  if (twice) fail(command, format, `names {${twice}} twice`);
  for (const name of Object.keys(defaults))
    if (!known(name))
      fail(command, format, `gives a default for "${name}", which it does not take`);
  // Positional args are filled in order: one the format leaves out needs a value of its own,
  // unless no later arg is given either.
  const argNames = Object.keys(args);
  const lastGiven = Math.max(
    -1,
    ...argNames.map((name, i) => (named.includes(name) || Object.hasOwn(defaults, name) ? i : -1)),
  );
  argNames.forEach((name, i) => {
    const spec = args[name]!;
    const filled =
      named.includes(name) || Object.hasOwn(defaults, name) || spec.default !== undefined;
    if (!filled && (spec.required || i < lastGiven))
      fail(command, format, `leaves <${name}> without a value: name it or give it a default`);
  });
  for (const [name, spec] of Object.entries(flags))
    if (
      spec.required &&
      !named.includes(name) &&
      !Object.hasOwn(defaults, name) &&
      spec.default === undefined
    )
      fail(command, format, `leaves --${name} without a value: name it or give it a default`);
  return { command, source: format, parts, defaults };
}

/** Whether one line of tokens could match both formats (same length, no two words differ). */
function overlap(a: Compiled, b: Compiled): boolean {
  if (a.parts.length !== b.parts.length) return false;
  return a.parts.every((part, i) => {
    const other = b.parts[i]!;
    return "param" in part || "param" in other || part.word === other.word;
  });
}

/** The positional form of a match: args in order, then flags as `--name=value`. */
function positional(compiled: Compiled, values: Record<string, string>): string[] {
  const { command, defaults } = compiled;
  const given = (name: string) =>
    name in values
      ? values[name]
      : Object.hasOwn(defaults, name)
        ? String(defaults[name])
        : undefined;
  const argv: string[] = [];
  const argNames = Object.keys(command.args ?? {});
  const argValues = argNames.map(given);
  const last = argValues.findLastIndex((value) => value !== undefined);
  for (let i = 0; i <= last; i++) {
    const fallback = command.args![argNames[i]!]!.default;
    argv.push(argValues[i] ?? String(fallback));
  }
  for (const name of Object.keys(command.flags ?? {})) {
    const value = given(name);
    if (value !== undefined) argv.push(`--${name}=${value}`);
  }
  return argv;
}

export interface FormatMatch {
  command: Command;
  /** The positional form: what is parsed, audited and shown. */
  argv: string[];
}

/**
 * Every format of `commands`, checked, and indexed by first word. Throws a PluginError naming
 * the format and its command for a mistake, and naming both for two formats that could read the
 * same line (or a format that starts with another command's name).
 */
export function compileFormats(commands: ReadonlyMap<string, Command>) {
  const byWord = new Map<string, Compiled[]>();
  // Made for the first format: a bot without formats does not index its command names.
  let names: Map<string, string> | undefined;
  // A command table builds only the commands that have formats.
  const candidates = commands instanceof CommandTable ? commands.withFormats() : commands.values();
  for (const command of candidates) {
    for (const given of command.formats ?? []) {
      const compiled = compile(command, given);
      const word = (compiled.parts[0] as { word: string }).word;
      names ??= new Map([...commands.keys()].map((name) => [name.toLowerCase(), name]));
      const owner = names.get(word);
      if (owner !== undefined && owner !== command.name)
        fail(command, compiled.source, `starts with "${word}", the name of command "${owner}"`);
      const same = byWord.get(word) ?? [];
      const clash = same.find((other) => overlap(other, compiled));
      if (clash)
        throw new PluginError(
          `formats "${clash.source}" (command "${clash.command.name}") and "${compiled.source}" (command "${command.name}") can read the same line: make a word differ`,
        );
      byWord.set(word, [...same, compiled]);
    }
  }

  /**
   * The format the tokens match, as the positional form: its words line up (any case), each
   * parameter takes one token that is not a flag, and what follows, if anything, starts with a
   * flag (`ship api --force`).
   */
  function match(tokens: readonly string[]): FormatMatch | undefined {
    const candidates = byWord.get(tokens[0]?.toLowerCase() ?? "");
    if (!candidates) return undefined;
    for (const compiled of candidates) {
      const { parts } = compiled;
      if (tokens.length < parts.length) continue;
      const rest = tokens.slice(parts.length);
      if (rest.length > 0 && !rest[0]!.startsWith("-")) continue;
      const values: Record<string, string> = Object.create(null);
      const fits = parts.every((part, i) => {
        const token = tokens[i]!;
        if ("word" in part) return token.toLowerCase() === part.word;
        if (token.startsWith("-")) return false;
        values[part.param] = token;
        return true;
      });
      if (fits)
        return { command: compiled.command, argv: [...positional(compiled, values), ...rest] };
    }
    return undefined;
  }

  return { match, size: [...byWord.values()].reduce((n, list) => n + list.length, 0) };
}

export type Formats = ReturnType<typeof compileFormats>;
