// Only the fields of Bot Framework activities that CatOps reads or writes. Everything else
// passes through in `raw`.

export interface ChannelAccount {
  id: string;
  name?: string;
  /** The user's Microsoft Entra object id: stable across conversations. */
  aadObjectId?: string;
}

export interface MentionEntity {
  type: "mention";
  text?: string;
  mentioned?: ChannelAccount;
}

export interface Activity {
  type: string;
  id?: string;
  name?: string;
  serviceUrl: string;
  channelId?: string;
  from: ChannelAccount;
  recipient?: ChannelAccount;
  conversation: { id: string; conversationType?: string; tenantId?: string; name?: string };
  text?: string;
  textFormat?: string;
  /** The message a reply or an Adaptive Card submit answers. */
  replyToId?: string;
  /** `Action.Submit`'s data, or an invoke's payload. */
  value?: unknown;
  entities?: ({ type: string } & Record<string, unknown>)[];
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
  };
}

/** What CatOps sends: a message activity, with Adaptive Cards as attachments. */
export interface OutgoingActivity {
  type: "message";
  text?: string;
  textFormat?: "markdown" | "plain";
  attachments?: { contentType: string; content: unknown }[];
  replyToId?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
