// The original's payload helpers, written again from their signatures as a migrating user would:
// create_slack_payload(response_type, text, attachments) and create_slack_attachment(15 fields).
export type SlackDict = Record<string, unknown>;

export function create_slack_payload(
  response_type = "ephemeral",
  text = "",
  attachments: SlackDict[] = [],
): SlackDict {
  return { response_type, text, attachments };
}

export function create_slack_attachment(
  fallback?: string,
  color?: string,
  pretext?: string,
  author_name?: string,
  author_link?: string,
  author_icon?: string,
  title?: string,
  title_link?: string,
  text?: string,
  fields?: { title: string; value: string; short?: boolean }[],
  image_url?: string,
  thumb_url?: string,
  footer?: string,
  footer_icon?: string,
  ts?: number,
): SlackDict {
  return {
    fallback,
    color,
    pretext,
    author_name,
    author_link,
    author_icon,
    title,
    title_link,
    text,
    fields,
    image_url,
    thumb_url,
    footer,
    footer_icon,
    ts,
  };
}
