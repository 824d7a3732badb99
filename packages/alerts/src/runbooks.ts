// Runbook rules: which commands to suggest for which alerts, checked when the bot is made. The
// lines a firing alert's card offers are made in suggestions.ts, on the first alert.
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

export const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE_NAME = /^[A-Za-z][\w .-]{0,63}$/;
/** A value that needs no quotes: nothing the tokenizer or a chat reads as markup. */
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
