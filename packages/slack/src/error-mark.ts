// How an error reply reads on Slack and the platforms that read Slack's formats: its text marked
// once. Apart from `replyText` so that Slack's own rendering, which needs only this, leaves Block
// Kit's text extraction to the platforms that use it.

/** Slack's warning emoji, which Slack and Mattermost show as ⚠️. */
export const ERROR_MARK = ":warning: ";

/** Marks an error reply's text with `mark`, once: text already marked (either way) is kept. */
export function markError(text: string, error: boolean | undefined, mark = ERROR_MARK): string {
  if (!error || text === "" || text.startsWith(mark) || text.startsWith(ERROR_MARK.trim()))
    return text;
  return mark + text;
}
