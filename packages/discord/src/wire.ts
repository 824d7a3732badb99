// Only the fields of Discord's interaction payloads that CatOps reads or writes. Everything else
// passes through in `raw`.

/** Interaction types (what Discord sends). */
export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

/** Interaction callback types (what CatOps answers). */
export const InteractionResponseType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** Message flags: only for the user who ran the command. */
export const EPHEMERAL = 64;

export interface DiscordUser {
  id: string;
  username?: string;
  global_name?: string | null;
}

export interface DiscordInteraction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  version?: number;
  data?: {
    name?: string;
    type?: number;
    options?: DiscordCommandOption[];
    custom_id?: string;
    component_type?: number;
    /** A modal submit's inputs, in action rows. */
    components?: { components?: { custom_id?: string; value?: string }[] }[];
  };
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; name?: string };
  /** In a server: the member, with its user. */
  member?: { user?: DiscordUser; nick?: string | null };
  /** In a direct message. */
  user?: DiscordUser;
  message?: { id?: string };
}

export interface DiscordCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: DiscordCommandOption[];
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  image?: { url: string };
  thumbnail?: { url: string };
  /** ISO 8601. */
  timestamp?: string;
}

export interface DiscordButton {
  type: 2;
  /** 1 primary (blurple), 2 secondary (grey), 4 danger (red). */
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

/** A message: an interaction response's `data`, or the body of an edit or a channel post. */
export interface DiscordMessage {
  content: string;
  embeds?: DiscordEmbed[];
  components?: DiscordActionRow[];
  flags?: number;
  allowed_mentions?: { parse: ("users" | "roles" | "everyone")[] };
}
