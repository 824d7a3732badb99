// What the server prints when it starts: where things are and what to do next.

export interface BannerInput {
  url: string;
  commands: number;
  pluginsDir?: string;
  local: boolean;
  playground: boolean;
  store: string;
  watching: boolean;
  /** The chat platforms the bot answers and their paths (none in local mode). */
  chats?: readonly { name: string; paths: readonly string[] }[];
}

/** How the banner names each platform. */
const CHAT_LABELS: Record<string, string> = {
  slack: "Slack",
  mattermost: "Mattermost",
  discord: "Discord",
  teams: "Teams",
  "google-chat": "Google Chat",
};

export function startupBanner(input: BannerInput): string {
  const { url } = input;
  const lines = [
    `CatOps is running at ${url} with ${input.commands} command${input.commands === 1 ? "" : "s"}${
      input.pluginsDir ? ` from ${input.pluginsDir}` : ""
    }${input.watching ? " (reloading on change)" : ""}.`,
    "",
  ];
  if (input.playground)
    lines.push(`  Playground    ${url}/   try \`hi\`, \`help\`, \`deploy api\``);
  const chats = input.chats ?? [];
  if (input.local || chats.length === 0)
    lines.push(`  Slack         ${url}/slack/events${input.local ? "   (off: local mode)" : ""}`);
  for (const chat of chats)
    for (const path of chat.paths)
      lines.push(`  ${(CHAT_LABELS[chat.name] ?? chat.name).padEnd(14)}${url}${path}`);
  lines.push(`  Health        ${url}/healthz`, `  Store         ${input.store}`, "");
  if (input.local) {
    lines.push(
      "Local mode: no chat platform is configured (SLACK_SIGNING_SECRET, CATOPS_TEAMS_APP_ID, ...),",
      "so only the playground and the CLI run commands.",
      "To answer Slack:",
      "  1. Create a Slack app (https://api.slack.com/apps) with a slash command, e.g. /catops.",
      "  2. Start again with SLACK_SIGNING_SECRET (Basic Information) and SLACK_BOT_TOKEN (OAuth & Permissions).",
      "  3. Expose this port over HTTPS (a tunnel or a reverse proxy) and set the slash command's",
      "     Request URL, Interactivity and Event Subscriptions to https://<public-host>/slack/events.",
    );
  } else {
    if (chats.length === 0 || chats.some((chat) => chat.name === "slack"))
      lines.push(
        "Slack endpoint ready: point the slash command's Request URL, Interactivity and Event",
        "Subscriptions at https://<public-host>/slack/events (this port behind HTTPS).",
      );
    if (chats.some((chat) => chat.name !== "slack"))
      lines.push(
        "Point each other platform at https://<public-host><its path> (this port behind HTTPS).",
      );
    lines.push(
      input.playground
        ? "The playground is on (CATOPS_PLAYGROUND=1): anyone who can reach it can run commands."
        : "The playground is off (set CATOPS_PLAYGROUND=1 to turn it on).",
    );
  }
  lines.push("", "Press Ctrl+C to stop.");
  return lines.join("\n");
}
