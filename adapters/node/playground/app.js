// The playground page: sends commands and button presses, polls for late replies and jobs,
// opens forms as modals and shows the Home tab.
import { openForm } from "./form.js";
import { renderHome } from "./home.js";
import { renderMessage } from "./render.js";

const list = document.getElementById("messages");
const form = document.getElementById("composer");
const input = document.getElementById("command");
const status = document.getElementById("status");
const jobsBody = document.querySelector("#jobs tbody");
const noJobs = document.getElementById("no-jobs");
const home = document.getElementById("home");
const chat = document.getElementById("chat");
const tabs = {
  messages: document.getElementById("tab-messages"),
  home: document.getElementById("tab-home"),
};

const shown = new Map();
let lastSeq = 0;
const history = [];
let historyAt = 0;

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

function show(message) {
  if (shown.has(message.seq)) return;
  lastSeq = Math.max(lastSeq, message.seq);
  const node = renderMessage(message, (press) => act(message.seq, node, press));
  shown.set(message.seq, node);
  const replaced = message.replaces !== undefined ? shown.get(message.replaces) : undefined;
  if (replaced?.isConnected) {
    replaced.replaceWith(node);
    // A later edit names the first message's id: it finds the node shown now.
    shown.set(message.replaces, node);
  } else list.append(node);
  node.scrollIntoView({ block: "end" });
}

/** Messages just answered: shown, and a form among them opened as Slack opens a modal. */
function showAll(messages, { openForms = true } = {}) {
  for (const message of messages ?? []) {
    show(message);
    if (openForms && message.form) openForm(message.form, submitForm(message.form));
  }
}

function submitForm(form) {
  return async (values) => {
    const answer = await post("/playground/form", { command: form.command, values });
    if (answer.errors) return answer;
    selectTab("messages");
    showAll(answer.messages);
    refreshJobs();
    return answer;
  };
}

function selectTab(name) {
  for (const [key, tab] of Object.entries(tabs))
    tab.setAttribute("aria-selected", String(key === name));
  chat.hidden = name !== "messages";
  home.hidden = name !== "home";
  if (name === "home") refreshHome();
}

/** The Home tab, read afresh each time it is opened. */
async function refreshHome() {
  try {
    const { home: view } = await post("/playground/home", {});
    home.replaceChildren(renderHome(view, pressFromHome));
    status.textContent = "";
  } catch (error) {
    status.textContent = `Could not load Home: ${error.message}`;
  }
}

async function pressFromHome(press) {
  try {
    const { messages } = await post("/playground/action", press);
    if (!messages?.some((message) => message.form)) selectTab("messages");
    showAll(messages);
  } catch (error) {
    status.textContent = `Could not press that button: ${error.message}`;
  }
  refreshJobs();
}

tabs.messages.addEventListener("click", () => selectTab("messages"));
tabs.home.addEventListener("click", () => selectTab("home"));

async function act(seq, node, press) {
  for (const button of node.querySelectorAll("button")) button.disabled = true;
  try {
    showAll((await post("/playground/action", { ...press, message: seq })).messages);
    status.textContent = "";
  } catch (error) {
    status.textContent = `Could not press that button: ${error.message}`;
    for (const button of node.querySelectorAll("button")) button.disabled = false;
  }
  refreshJobs();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  history.push(text);
  historyAt = history.length;
  input.value = "";
  try {
    showAll((await post("/playground/command", { text })).messages);
    status.textContent = "";
  } catch (error) {
    status.textContent = `Could not run that: ${error.message}`;
  }
  refreshJobs();
});

input.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
  historyAt = Math.max(0, Math.min(history.length, historyAt + (event.key === "ArrowUp" ? -1 : 1)));
  input.value = history[historyAt] ?? "";
  event.preventDefault();
});

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text ?? "";
  return td;
}

async function refreshJobs() {
  try {
    const response = await fetch("/playground/jobs");
    const { jobs = [] } = await response.json();
    jobsBody.replaceChildren(
      ...jobs.map((job) => {
        const row = document.createElement("tr");
        row.dataset.job = job.id;
        row.dataset.state = job.state;
        row.append(
          cell(job.id, "job-id"),
          cell(job.command, "job-command"),
          cell(job.state, `job-state state-${job.state}`),
          cell(job.result ?? job.progress ?? "", "job-result"),
        );
        return row;
      }),
    );
    noJobs.hidden = jobs.length > 0;
  } catch {
    // The server may be restarting; the next poll tries again.
  }
}

async function poll() {
  try {
    const response = await fetch(`/playground/messages?after=${lastSeq}`);
    if (response.ok) showAll((await response.json()).messages, { openForms: false });
  } catch {
    // Same as above.
  }
}

async function loop() {
  await Promise.all([poll(), refreshJobs()]);
  setTimeout(loop, 1000);
}
input.focus();
loop();
