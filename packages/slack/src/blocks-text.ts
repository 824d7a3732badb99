// Slack Block Kit has no equivalent on the other chat platforms: there its text content is shown
// as plain Markdown.

type Block = { type?: unknown; [key: string]: unknown };

/** The readable text of Block Kit blocks: section text and fields, headers, context, rich text. */
export function blocksToText(blocks: readonly unknown[]): string {
  return blocks
    .map((block) => blockText(block as Block))
    .filter((text) => text !== "")
    .join("\n");
}

function blockText(block: Block): string {
  if (typeof block !== "object" || block === null) return "";
  switch (block.type) {
    case "section": {
      const fields = Array.isArray(block.fields) ? block.fields.map(textOf) : [];
      return [textOf(block.text), ...fields].filter((text) => text !== "").join("\n");
    }
    case "header":
      return textOf(block.text) ? `**${textOf(block.text)}**` : "";
    case "context":
      return Array.isArray(block.elements)
        ? block.elements
            .map(textOf)
            .filter((text) => text !== "")
            .join(" ")
        : "";
    case "markdown":
      return typeof block.text === "string" ? block.text : "";
    case "rich_text":
      return richText(block.elements);
    default:
      return "";
  }
}

/** A text object (`{ type: 'mrkdwn', text }`) or a context element's text. */
function textOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return "";
  const text = (value as { text?: unknown }).text;
  if (typeof text === "string") return text;
  return textOf(text);
}

function richText(elements: unknown): string {
  if (!Array.isArray(elements)) return "";
  let out = "";
  for (const element of elements as Block[]) {
    if (typeof element !== "object" || element === null) continue;
    switch (element.type) {
      case "text":
        out += typeof element.text === "string" ? element.text : "";
        break;
      case "link":
        out += typeof element.text === "string" ? element.text : String(element.url ?? "");
        break;
      case "user":
        out += `<@${String(element.user_id ?? "")}>`;
        break;
      case "emoji":
        out += `:${String(element.name ?? "")}:`;
        break;
      default:
        out += richText(element.elements);
        if (element.type === "rich_text_section" || element.type === "rich_text_preformatted")
          out += "\n";
    }
  }
  return out.replace(/\n+$/, "");
}
