// How a chat platform writes what the core puts into messages: who someone is, where something
// happened, and user text made inert. The core never writes a platform's markup itself; it asks
// the connector's dialect, so a fourth platform needs no change here.

/** A connector's markup rules and limits, as the core needs them. */
export interface ChatDialect {
  /** A mention of a user: Slack `<@U1>`, Discord `<@123>`, plain `@alice`. */
  mention(user: { id: string; name?: string }): string;
  /** A reference to a channel: Slack `<#C1>`, plain `#ops`. */
  channel(channel: { id: string; name?: string }): string;
  /** The user id in a token written as a mention (`<@U1|alice>` → `U1`); undefined otherwise. */
  parseMention(token: string): string | undefined;
  /** Text from outside (a user, a plugin, an alert) made inert: no ping, link or live markup. */
  escape(text: string): string;
  /** How many times a job's message may be replaced with progress before its result. */
  progressEdits: number;
  /** True when the platform signs channel names, so `allow.channelNames` may match them. */
  signsChannelNames?: boolean;
  /** The channel a message to `userId` alone goes to, where the connector can post one (Slack). */
  directMessage?(userId: string): string | undefined;
}

const PLAIN_MENTION = /^@(\S+)$/;

/** For the terminal, tests and anything without a platform: no markup at all. */
export const plainDialect: ChatDialect = {
  mention: (user) => `@${user.name ?? user.id}`,
  channel: (channel) => `#${channel.name ?? channel.id}`,
  parseMention: (token) => PLAIN_MENTION.exec(token)?.[1],
  escape: (text) => text,
  progressEdits: Number.POSITIVE_INFINITY,
};

/** A piece of text already in the platform's markup (a mention): kept as it is by `chatText`. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * Writes core messages for a dialect: `text` escapes every literal part and every value except
 * `Markup` (mentions, channel references), so the result is safe to send as platform markup.
 */
export function chatMarkup(dialect: ChatDialect) {
  const piece = (value: unknown) =>
    value instanceof Markup ? value.value : dialect.escape(String(value));
  return {
    mention: (user: { id: string; name?: string }) => new Markup(dialect.mention(user)),
    channel: (channel: { id: string; name?: string }) => new Markup(dialect.channel(channel)),
    text(strings: TemplateStringsArray, ...values: unknown[]): string {
      let out = dialect.escape(strings[0]!);
      for (let i = 0; i < values.length; i++)
        out += piece(values[i]) + dialect.escape(strings[i + 1]!);
      return out;
    },
  };
}
