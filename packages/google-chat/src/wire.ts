// Only the fields of Google Chat's interaction events that CatOps reads or writes. Everything
// else passes through in `raw`.

export interface ChatUser {
  /** `users/{id}`: stable. */
  name: string;
  displayName?: string;
  email?: string;
  type?: "HUMAN" | "BOT";
  domainId?: string;
}

export interface ChatSpace {
  /** `spaces/{id}`. */
  name: string;
  displayName?: string;
  /** Older events: `ROOM` or `DM`. */
  type?: string;
  /** Newer events: `SPACE`, `GROUP_CHAT` or `DIRECT_MESSAGE`. */
  spaceType?: string;
  singleUserBotDm?: boolean;
}

export interface ChatAnnotation {
  type: string;
  startIndex?: number;
  length?: number;
  userMention?: { user?: ChatUser; type?: string };
  slashCommand?: { commandName?: string; commandId?: string; type?: string; bot?: ChatUser };
}

export interface ChatMessage {
  /** `spaces/{space}/messages/{message}`. */
  name?: string;
  text?: string;
  /** The text without the app's mention (and, for a slash command, without the command). */
  argumentText?: string;
  slashCommand?: { commandId: string };
  annotations?: ChatAnnotation[];
  thread?: { name?: string };
  space?: ChatSpace;
  sender?: ChatUser;
}

export interface ChatEvent {
  type: string;
  eventTime?: string;
  space: ChatSpace;
  user: ChatUser;
  message?: ChatMessage;
  /** Cards v1 and older clicks: the function and its parameters. */
  action?: { actionMethodName?: string; parameters?: { key: string; value: string }[] };
  /** Cards v2 clicks: the function and its parameters. */
  common?: { invokedFunction?: string; parameters?: Record<string, string> };
  /** A slash or quick command of the newer event format. */
  appCommandMetadata?: { appCommandId?: number; appCommandType?: string };
}

/** What CatOps sends: text, cards v2, and for a click whether it replaces the card. */
export interface ChatReplyMessage {
  text?: string;
  cardsV2?: { cardId: string; card: unknown }[];
  thread?: { name: string };
  actionResponse?: { type: "NEW_MESSAGE" | "UPDATE_MESSAGE" };
}
