// The Home tab as the page shows it: the core's Home view (sections of items, each with its
// buttons), built from DOM nodes with the same mrkdwn renderer as messages.
import { mrkdwn } from "./render.js";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button's press as the server reads it: a command to run, or an action with its value. */
function pressOf(button) {
  if (button.command) return { action: "catops.run", value: button.command };
  if (button.action) return { action: button.action, value: button.value };
  return undefined;
}

export function renderHome(view, onAction) {
  const root = el("div", "home-view");
  for (const section of view.sections ?? []) {
    const part = el("section", "home-section");
    part.append(el("h3", "home-title", section.title));
    if ((section.items ?? []).length === 0 && section.empty)
      part.append(el("p", "home-empty", section.empty));
    for (const item of section.items ?? []) {
      const row = el("div", "home-item");
      row.append(mrkdwn(item.text, "mrkdwn home-text"));
      for (const button of item.buttons ?? []) {
        const press = pressOf(button);
        const node = el(
          "button",
          `btn${button.style === "primary" || button.style === "danger" ? ` ${button.style}` : ""}`,
          button.text,
        );
        node.type = "button";
        if (press) node.addEventListener("click", () => onAction(press));
        else node.disabled = true;
        row.append(node);
      }
      part.append(row);
    }
    root.append(part);
  }
  return root;
}
