// Renders CatOps replies the way Slack would show them. Everything is built with DOM nodes and
// textContent, never innerHTML, so nothing a command prints can run in the page.

const LEVEL_COLOURS = {
  critical: "#a30200",
  error: "#e01e5a",
  warning: "#ecb22e",
  info: "#1d9bd1",
  debug: "#9a9a9a",
  success: "#2eb67d",
};
const SLACK_COLOURS = { good: "#2eb67d", warning: "#ecb22e", danger: "#e01e5a" };
const SAFE_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const SAFE_URL = /^(?:https?:|mailto:)/i;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Slack's three escapes, undone for display (textContent escapes again). */
function decodeEntities(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function link(inner) {
  const [target, label] = inner.split("|", 2);
  if (/^@[UW]/.test(target)) return el("span", "mention", `@${label ?? target.slice(1)}`);
  if (target.startsWith("#C")) return el("span", "mention", `#${label ?? target.slice(1)}`);
  if (target.startsWith("!"))
    return el("span", "mention", `@${(label ?? target.slice(1)).split("^")[0]}`);
  // Not a link at all (`<b>`, `<none>`): shown as typed, brackets included.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target))
    return document.createTextNode(decodeEntities(`<${inner}>`));
  const shown = decodeEntities(label ?? target);
  if (!SAFE_URL.test(target)) return document.createTextNode(shown);
  const anchor = el("a", undefined, shown);
  anchor.href = decodeEntities(target);
  anchor.target = "_blank";
  anchor.rel = "noopener noreferrer";
  return anchor;
}

const INLINE =
  /<([^<>\s][^<>]*)>|`([^`\n]+)`|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])|(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g;

/** Inline mrkdwn: links, `code`, *bold*, _italic_, ~strike~. */
function inline(text, parent) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(decodeEntities(text.slice(last, match.index)));
    const [, url, code, bold, italic, strike] = match;
    if (url !== undefined) parent.append(link(url));
    else if (code !== undefined) parent.append(el("code", undefined, decodeEntities(code)));
    else {
      const node = el(bold !== undefined ? "strong" : italic !== undefined ? "em" : "del");
      inline(bold ?? italic ?? strike, node);
      parent.append(node);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(decodeEntities(text.slice(last)));
}

/** Slack mrkdwn: ```blocks``` first, then inline formatting in what is left. */
export function mrkdwn(text, className = "mrkdwn") {
  const root = el("div", className);
  const parts = String(text).split(/```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      root.append(el("pre", undefined, decodeEntities(part.replace(/^\n/, "").replace(/\n$/, ""))));
    } else {
      inline(i % 2 === 1 ? `\`\`\`${part}` : part, root);
    }
  });
  return root;
}

function textObject(object, className) {
  if (!object || typeof object.text !== "string") return el("div", className);
  return object.type === "mrkdwn"
    ? mrkdwn(object.text, className)
    : el("div", className, object.text);
}

function button({ text, style, onPress, url }) {
  const node = el(
    "button",
    `btn${style === "primary" || style === "danger" ? ` ${style}` : ""}`,
    text,
  );
  node.type = "button";
  if (url && SAFE_URL.test(url)) {
    node.addEventListener("click", () => window.open(url, "_blank", "noopener,noreferrer"));
  } else if (onPress) {
    node.addEventListener("click", onPress);
  } else {
    node.disabled = true;
  }
  return node;
}

function blockButton(element, onAction) {
  return button({
    text: element.text?.text ?? "button",
    style: element.style,
    url: element.url,
    onPress: element.action_id
      ? () => onAction({ action: element.action_id, value: element.value })
      : undefined,
  });
}

function block(data, onAction) {
  switch (data?.type) {
    case "section": {
      const node = el("div", "block section");
      if (data.text) node.append(textObject(data.text, "section-text"));
      if (Array.isArray(data.fields)) {
        const fields = el("div", "fields");
        for (const field of data.fields) fields.append(textObject(field, "field"));
        node.append(fields);
      }
      if (data.accessory?.type === "button") node.append(blockButton(data.accessory, onAction));
      return node;
    }
    case "context": {
      const node = el("div", "block context");
      for (const item of data.elements ?? []) {
        node.append(
          item.type === "image"
            ? el("span", "image-alt", item.alt_text ?? "")
            : textObject(item, "context-item"),
        );
      }
      return node;
    }
    case "divider":
      return el("hr", "block divider");
    case "header":
      return el("h3", "block header", data.text?.text ?? "");
    case "actions": {
      const node = el("div", "block actions");
      for (const item of data.elements ?? []) {
        node.append(
          item.type === "button"
            ? blockButton(item, onAction)
            : el("span", "unsupported", `[${item.type}]`),
        );
      }
      return node;
    }
    case "image":
      return el("div", "block image-alt", `[image: ${data.alt_text ?? ""}]`);
    default:
      return el("div", "block unsupported", `[${data?.type ?? "unknown"} block]`);
  }
}

function attachment(data) {
  const node = el("div", "attachment");
  const colour = SAFE_COLOUR.test(data.color ?? "")
    ? data.color
    : (SLACK_COLOURS[data.color] ?? LEVEL_COLOURS[data.level] ?? "#dddddd");
  node.style.borderLeftColor = colour;
  if (data.level) node.dataset.level = String(data.level);
  if (data.title) {
    const title = el("div", "attachment-title");
    if (data.titleLink && SAFE_URL.test(data.titleLink)) {
      const anchor = el("a", undefined, data.title);
      anchor.href = data.titleLink;
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      title.append(anchor);
    } else title.textContent = data.title;
    node.append(title);
  }
  if (data.text) node.append(mrkdwn(data.text));
  if (Array.isArray(data.fields) && data.fields.length > 0) {
    const fields = el("div", "fields");
    for (const field of data.fields) {
      const cell = el("div", `field${field.short ? " short" : ""}`);
      cell.append(el("div", "field-title", field.title ?? ""), mrkdwn(field.value ?? ""));
      fields.append(cell);
    }
    node.append(fields);
  }
  if (data.footer) node.append(el("div", "attachment-footer", data.footer));
  return node;
}

/** One message: `{ from, text, blocks, attachments, buttons, error, ephemeral }`. */
export function renderMessage(message, onAction) {
  const node = el(
    "li",
    `message ${message.from === "user" ? "user" : "bot"}${message.error ? " error" : ""}`,
  );
  node.dataset.seq = String(message.seq);
  node.append(el("div", "author", message.from === "user" ? "you" : "CatOps"));
  const body = el("div", "body");
  if (message.from === "user") body.append(el("div", "typed", message.text ?? ""));
  else if (typeof message.text === "string" && message.text !== "")
    body.append(mrkdwn(message.text));
  for (const data of Array.isArray(message.blocks) ? message.blocks : [])
    body.append(block(data, onAction));
  for (const data of Array.isArray(message.attachments) ? message.attachments : [])
    body.append(attachment(data));
  if (Array.isArray(message.buttons) && message.buttons.length > 0) {
    const row = el("div", "block actions");
    for (const data of message.buttons) {
      const press = data.command
        ? { action: "catops.run", value: data.command }
        : data.action
          ? { action: data.action, value: data.value }
          : undefined;
      row.append(
        button({
          text: data.text,
          style: data.style,
          onPress: press ? () => onAction(press) : undefined,
        }),
      );
    }
    body.append(row);
  }
  if (message.ephemeral) body.append(el("div", "ephemeral", "Only visible to you"));
  node.append(body);
  return node;
}
