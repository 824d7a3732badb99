// Runbook rules: which commands to suggest for which alerts. A rule's command may name the
// alert's fields (`restart {{resource}}`): each value is quoted as one argument by the
// tokenizer's rules, and the line is checked against the command's arguments before it
// becomes a button.
import type { CommandCatalog, Logger } from "@catops/core";
import type { Alert, AlertSeverity } from "./types.js";

export interface RunbookRule {
  /** Parsed source names: 'cloudwatch', 'uptimerobot', 'azure-monitor', 'gcp-monitoring', 'generic', 'sns'. */
  source?: string | readonly string[];
  /** The alert name: a glob (`*` any run, `?` one character; case-insensitive) or a RegExp. */
  name?: string | RegExp;
  /** Where it fired (instance, URL, resource): a glob or a RegExp. */
  resource?: string | RegExp;
  severity?: AlertSeverity | readonly AlertSeverity[];
  /**
   * Commands as typed in chat: ['restart api', 'logs {{service}} --since 15m']. `{{name}}`,
   * `{{resource}}`, `{{severity}}`, `{{source}}`, `{{since}}` (when it fired, ISO 8601) and any
   * of the alert's details (`{{Service}}`, matched case-insensitively) stand for its values.
   */
  commands: readonly string[];
}

/** Buttons a message carries at most (Slack shows up to 25 in a block; more is noise). */
export const MAX_SUGGESTIONS = 5;
const RULE_KEYS = new Set(["source", "name", "resource", "severity", "commands"]);
const SEVERITIES = new Set(["critical", "error", "warning", "info"]);

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "is");
}

function matches(pattern: string | RegExp | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  if (typeof pattern === "string") return globToRegExp(pattern).test(value);
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between calls
  return pattern.test(value);
}

function oneOf<T extends string>(allowed: T | readonly T[] | undefined, value: T): boolean {
  if (allowed === undefined) return true;
  return typeof allowed === "string" ? allowed === value : allowed.includes(value);
}

export function ruleMatches(rule: RunbookRule, alert: Alert): boolean {
  return (
    oneOf(rule.source, alert.source) &&
    oneOf(rule.severity, alert.severity) &&
    matches(rule.name, alert.name) &&
    matches(rule.resource, alert.resource)
  );
}

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE_NAME = /^[A-Za-z][\w .-]{0,63}$/;
/** A value that needs no quotes: nothing the tokenizer or a chat reads as markup. */
const BARE = /^[\w.:/@=+,-]+$/;

/** One argument, whatever it holds: quoted by the tokenizer's rules unless plainly safe. */
export function quoteArgument(value: string): string {
  return BARE.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The alert's value for a `{{variable}}`, or undefined when it has none. */
function valueOf(alert: Alert, name: string): string | undefined {
  const fields: Record<string, string | undefined> = {
    name: alert.name,
    resource: alert.resource,
    severity: alert.severity,
    source: alert.source,
    since: alert.time,
  };
  if (name in fields) return fields[name];
  const lower = name.toLowerCase();
  const detail = Object.keys(alert.details).find((key) => key.toLowerCase() === lower);
  return detail === undefined ? undefined : alert.details[detail];
}

/** The line with the alert's values in it, or why it cannot be made. */
export function expandCommand(template: string, alert: Alert): { line: string } | { why: string } {
  let missing: string | undefined;
  const line = template.replace(VARIABLE, (_, name: string) => {
    const value = valueOf(alert, name);
    if (value === undefined || value.trim() === "") {
      missing ??= name;
      return "";
    }
    return quoteArgument(value);
  });
  return missing ? { why: `the alert has no ${missing}` } : { line };
}

export interface SuggestionChecks {
  /** The bot's check of a line's arguments (choices, numbers): a failing line is dropped. */
  check?: CommandCatalog["check"];
  log?: Pick<Logger, "warn">;
}

/**
 * The commands suggested for an alert: every matching rule's, in rule order, once each, with
 * the alert's values filled in. A line the command would refuse is dropped, and the log says why.
 */
export function suggestionsFor(
  alert: Alert,
  rules: readonly RunbookRule[],
  checks: SuggestionChecks = {},
): string[] {
  const found: string[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, alert)) continue;
    for (const template of rule.commands) {
      const expanded = expandCommand(template, alert);
      const why = "why" in expanded ? expanded.why : checks.check?.(expanded.line);
      if (why !== undefined || !("line" in expanded)) {
        checks.log?.warn("runbook button left out", { alert: alert.key, command: template, why });
        continue;
      }
      if (!found.includes(expanded.line)) found.push(expanded.line);
    }
  }
  return found.slice(0, MAX_SUGGESTIONS);
}

/** Fails on a rule naming a command the bot does not have, naming the rule. */
export function checkRuleCommands(rules: readonly RunbookRule[], names: ReadonlySet<string>): void {
  rules.forEach((rule, index) => {
    for (const template of rule.commands) {
      const first = template.trim().split(/\s+/)[0]!;
      if (!names.has(first) && first.toLowerCase() !== "help")
        throw new TypeError(
          `runbooks[${index}]: "${template}" names no command "${first}" (the bot has no such command)`,
        );
    }
  });
}

/** Fails loudly on a rule that could never work (a typo in a key, no commands). */
export function validateRules(rules: readonly RunbookRule[]): void {
  rules.forEach((rule, index) => {
    const where = `runbooks[${index}]`;
    for (const key of Object.keys(rule))
      if (!RULE_KEYS.has(key)) throw new TypeError(`${where}: unknown key "${key}"`);
    if (
      !Array.isArray(rule.commands) ||
      rule.commands.length === 0 ||
      !rule.commands.every((c) => typeof c === "string" && c.trim() !== "")
    )
      throw new TypeError(`${where}: commands must be a non-empty list of command lines`);
    for (const template of rule.commands) {
      if (/^\s*\{\{/.test(template))
        throw new TypeError(`${where}: "${template}" must start with a command name`);
      for (const [, name] of template.matchAll(VARIABLE))
        if (!VARIABLE_NAME.test(name!))
          throw new TypeError(`${where}: "${template}" has a bad variable "{{${name}}}"`);
      if (/\{\{|\}\}/.test(template.replace(VARIABLE, "")))
        throw new TypeError(`${where}: "${template}" has an unclosed {{variable}}`);
    }
    const severities = rule.severity === undefined ? [] : [rule.severity].flat();
    for (const severity of severities)
      if (!SEVERITIES.has(severity))
        throw new TypeError(`${where}: unknown severity "${String(severity)}"`);
  });
}
