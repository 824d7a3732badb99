// Runbook rules: which commands to suggest for which alerts, checked when the bot is made. Which
// rules an alert matches (rule-matches.ts) and the lines its card offers (suggestions.ts) load
// with the first alert.
import type { AlertSeverity } from "./types.js";

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

const RULE_KEYS = new Set(["source", "name", "resource", "severity", "commands"]);
const SEVERITIES = new Set(["critical", "error", "warning", "info"]);

export const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE_NAME = /^[A-Za-z][\w .-]{0,63}$/;

/** Fails on a rule naming a command the bot does not have, naming the rule. */
export function checkRuleCommands(
  rules: readonly RunbookRule[],
  names: { has(name: string): boolean },
): void {
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
