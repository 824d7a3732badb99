// Forms as the page shows them: a modal built from the core's description of a command's form,
// with DOM nodes and textContent only, and each error shown under its field as Slack does.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function input(field, id) {
  if (field.type === "select") {
    const select = el("select");
    if (!field.required || field.initial === undefined) select.append(new Option("", ""));
    for (const choice of field.choices ?? []) select.append(new Option(choice, choice));
    select.value = typeof field.initial === "string" ? field.initial : "";
    select.id = id;
    return select;
  }
  if (field.type === "checkbox") {
    const box = el("input");
    box.type = "checkbox";
    box.checked = field.initial === true;
    box.id = id;
    return box;
  }
  const text = el(field.multiline ? "textarea" : "input");
  if (!field.multiline) text.type = "text";
  if (field.type === "number") text.inputMode = "decimal";
  text.value = typeof field.initial === "string" ? field.initial : "";
  text.id = id;
  return text;
}

/**
 * Opens `form` over the page. `submit(values)` resolves to `{ errors }` (shown under the fields,
 * the modal stays open) or to anything else (the modal closes).
 */
export function openForm(form, submit) {
  document.querySelector(".modal-backdrop")?.remove();
  const backdrop = el("div", "modal-backdrop");
  const modal = el("form", "modal");
  modal.noValidate = true;
  modal.setAttribute("role", "dialog");
  modal.setAttribute("aria-modal", "true");
  modal.setAttribute("aria-labelledby", "modal-title");
  const title = el("h2", "modal-title", form.title);
  title.id = "modal-title";
  modal.append(title);

  const inputs = new Map();
  const errors = new Map();
  form.fields.forEach((field, index) => {
    const id = `form-field-${index}`;
    const row = el("div", `form-field type-${field.type}`);
    row.dataset.field = field.id;
    const control = input(field, id);
    const label = el("label", "field-label", field.label);
    label.htmlFor = id;
    if (!field.required && field.type !== "checkbox")
      label.append(el("span", "optional", " (optional)"));
    if (field.type === "checkbox") row.append(control, label);
    else row.append(label, control);
    if (field.description) row.append(el("div", "hint", field.description));
    const error = el("p", "field-error");
    error.setAttribute("role", "alert");
    row.append(error);
    inputs.set(field.id, { field, control });
    errors.set(field.id, error);
    modal.append(row);
  });

  const footer = el("div", "modal-footer");
  const cancel = el("button", "btn", "Cancel");
  cancel.type = "button";
  const run = el("button", "btn primary", form.submit);
  run.type = "submit";
  footer.append(cancel, run);
  const failure = el("p", "modal-error");
  failure.setAttribute("role", "status");
  modal.append(failure, footer);
  backdrop.append(modal);

  const close = () => backdrop.remove();
  cancel.addEventListener("click", close);
  backdrop.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  modal.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const [id, { field, control }] of inputs)
      values[id] = field.type === "checkbox" ? control.checked : control.value;
    for (const error of errors.values()) error.textContent = "";
    failure.textContent = "";
    run.disabled = true;
    try {
      const answer = await submit(values);
      if (answer?.errors) {
        for (const [id, message] of Object.entries(answer.errors)) {
          const error = errors.get(id);
          if (error) error.textContent = message;
        }
      } else close();
    } catch (error) {
      failure.textContent = `Could not submit the form: ${error.message}`;
    } finally {
      run.disabled = false;
    }
  });

  document.body.append(backdrop);
  modal.querySelector("input, select, textarea")?.focus();
  return backdrop;
}
