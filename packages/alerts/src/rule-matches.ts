// Which runbook rules an alert matches, and how many of their lines a card offers. Loaded with
// the first alert, beside the suggestions made from them.
import type { RunbookRule } from "./runbooks.js";
import type { Alert } from "./types.js";

/** Buttons a message carries at most (Slack shows up to 25 in a block; more is noise). */
export const MAX_SUGGESTIONS = 5;

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
