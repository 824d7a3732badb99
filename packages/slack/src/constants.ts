// Names and numbers the Slack connector's parts share.

export const SLACK_EVENTS_PATH = "/slack/events";
/** How long an Events API event_id is remembered, so Slack's retries never run a command twice. */
export const EVENT_DEDUPE_TTL_SECONDS = 3600;
