// What a user is shown of a command's answer: every configured secret masked, and a failure as
// one short line, never a stack.
import type { Command, Reply } from "../types.js";

const MAX_ERROR_LENGTH = 300;

/** "`deploy` failed: <first line of the message>", secrets masked, never a stack. */
export function failureReply(
  command: Command,
  error: unknown,
  redact: (text: string) => string,
  prefix = "",
): Reply {
  let raw: string;
  try {
    raw =
      error instanceof Error
        ? String(error.message)
        : typeof error === "string"
          ? error
          : "unexpected error";
  } catch {
    raw = "unexpected error"; // a message getter that throws
  }
  const firstLine = redact(raw.split("\n")[0] ?? "").trim() || "unexpected error";
  const message =
    firstLine.length > MAX_ERROR_LENGTH ? `${firstLine.slice(0, MAX_ERROR_LENGTH)}…` : firstLine;
  const next = command.nextStep ? `\nNext step: \`${prefix}${command.nextStep}\`` : "";
  return {
    text: `\`${command.name}\` failed: ${message}${next}`,
    error: true,
    buttons: command.nextStep ? [{ text: command.nextStep, command: command.nextStep }] : undefined,
  };
}

// The keys of a reply that carry no text of their own.
const FLAG_KEYS = new Set(["visibility", "error", "raw", "markup", "replaceOriginal"]);

/** A reply whose only text is `text` (most are): it is masked without a JSON round trip. */
function isTextOnly(reply: Reply): reply is Reply & { text: string } {
  if (typeof reply.text !== "string") return false;
  for (const key in reply) if (key !== "text" && !FLAG_KEYS.has(key)) return false;
  return true;
}

/** The reply with every configured secret a plugin may have echoed masked. */
export function sanitizeReply(
  reply: Reply | undefined,
  redact: (text: string) => string,
): Reply | undefined {
  if (!reply) return reply;
  // Replies are user-facing: mask any configured secret a plugin may have echoed.
  if (isTextOnly(reply)) {
    const text = redact(reply.text);
    return text === reply.text ? reply : { ...reply, text };
  }
  const json = JSON.stringify(reply);
  const masked = redact(json);
  return masked === json ? reply : (JSON.parse(masked) as Reply);
}
