// Slack's palette, which the other connectors colour attachments with too, so an alert looks
// alike everywhere.
import type { Level } from "@catops/core";

/**
 * Attachment bar colours by level, Slack's own palette where it has one:
 * critical dark red, error Slack red, warning Slack yellow, info Slack blue, debug grey,
 * success Slack green.
 */
export const LEVEL_COLORS: Readonly<Record<Level, string>> = {
  critical: "#8B0000",
  error: "#E01E5A",
  warning: "#ECB22E",
  info: "#36C5F0",
  debug: "#9E9E9E",
  success: "#2EB67D",
};
