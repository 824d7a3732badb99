// Only the fields of Slack's payloads that CatOps reads. Everything else passes through in `raw`.

/** An Events API `event_callback` envelope. */
export interface SlackEventEnvelope {
  type: "event_callback";
  team_id?: string;
  api_app_id?: string;
  event_id?: string;
  event_time?: number;
  event: SlackInnerEvent;
  authorizations?: { user_id?: string; is_bot?: boolean }[];
  authed_users?: string[];
}

/** `app_mention` and `message` events. */
export interface SlackInnerEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  team?: string;
  hidden?: boolean;
  /** `app_home_opened`: which tab ('home' or 'messages'). */
  tab?: string;
}

/** An interactivity payload (the JSON in the `payload=` form field). */
export interface SlackInteraction {
  type: string;
  team?: { id?: string; domain?: string } | null;
  user?: { id?: string; username?: string; name?: string; team_id?: string };
  channel?: { id?: string; name?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
  response_url?: string;
  actions?: SlackAction[];
  callback_id?: string;
  /** Opens a modal within 3 s of the interaction. */
  trigger_id?: string;
  /** A `view_submission`'s modal, with the values entered. */
  view?: {
    id?: string;
    type?: string;
    callback_id?: string;
    private_metadata?: string;
    state?: { values?: Record<string, unknown> };
  };
}

export interface SlackAction {
  type?: string;
  action_id?: string;
  block_id?: string;
  value?: string;
}
