// The runbook lines an alert's card offers: every matching rule's commands with the alert's
// fields filled in (`restart {{resource}}`), each value quoted as one argument by the tokenizer's
// rules, and the line checked against the command's arguments before it becomes a button.
import type { CommandCatalog, Logger } from "@catops/core";
import { MAX_SUGGESTIONS, ruleMatches } from "./rule-matches.js";
import { type RunbookRule, VARIABLE } from "./runbooks.js";
import type { Alert } from "./types.js";

const BARE = /^[\w.:/@=+,-]+$/;

/** One argument, whatever it holds: quoted by the tokenizer's rules unless plainly safe. */
export function quoteArgument(value: string): string {
  return BARE.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The alert's value for a `{{variable}}`, or undefined when it has none. */
function fieldValue(alert: Alert, name: string): string | undefined {
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
    const value = fieldValue(alert, name);
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
