// A user's Home view: the commands they may run, what alert handling adds (on call, alerts
// firing) and their recent jobs, each with its buttons. One bounded store read per section.
import type { AlertHandler, ConnectorKit } from "../connector.js";
import { chatMarkup } from "../dialect.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import { fillInButton, formFor } from "../dispatch/forms.js";
import { loadStoredGroups } from "../dispatch/groups.js";
import { FINAL_STATES, type Jobs } from "./jobs.js";
import type {
  Button,
  Command,
  CommandEvent,
  HomeItem,
  HomeSection,
  HomeView,
  Store,
} from "../types.js";

export interface HomeParts {
  dispatcher: Dispatcher;
  jobs: Jobs;
  store: Store;
  alerts?: AlertHandler;
}

/** Most commands listed; Slack allows 100 blocks in a view. */
export const HOME_COMMANDS = 40;
/** How many of the viewer's jobs are shown. */
export const HOME_JOBS_SHOWN = 5;

export function createHome(parts: HomeParts) {
  const { dispatcher, jobs, store } = parts;

  async function commandsSection(event: CommandEvent, kit: ConnectorKit): Promise<HomeSection> {
    const storedGroups = await loadStoredGroups(store);
    await dispatcher.loadAll();
    const say = chatMarkup(kit.dialect);
    const visible = [...dispatcher.commands.values()]
      .filter((command) => !command.hidden)
      .sort((a, b) => a.name.localeCompare(b.name));
    const items: HomeItem[] = [];
    for (const command of visible) {
      const asked = { ...event, command: [command.name], text: undefined };
      const resolution = dispatcher.resolve(asked, { dialect: kit.dialect, storedGroups });
      if (resolution.kind === "denied") continue;
      if (items.length === HOME_COMMANDS) break;
      const text = command.description
        ? say.text`\`${command.name}\` ${command.description}`
        : say.text`\`${command.name}\``;
      items.push({ text, buttons: commandButtons(command, resolution.kind === "command") });
    }
    return { title: "Commands you can run", items, empty: "No command is open to you." };
  }

  async function jobsSection(event: CommandEvent, kit: ConnectorKit): Promise<HomeSection> {
    const say = chatMarkup(kit.dialect);
    // The viewer's own index (the jobs they started, from every conversation): one key and the
    // few records it names, never a listing of every job.
    const userId = event.user?.id;
    const mine = userId ? await jobs.recentIn({ userId }, HOME_JOBS_SHOWN) : [];
    const items = mine.map((job): HomeItem => {
      const result = job.result ? say.text`: ${job.result}` : "";
      const text =
        say.text`\`${job.command}\` ${job.state.replace("_", " ")} (job \`${job.id}\`)` + result;
      return FINAL_STATES.has(job.state)
        ? { text }
        : { text, buttons: [{ text: "Cancel", command: `cancel ${job.id}`, style: "danger" }] };
    });
    return { title: "Your recent jobs", items, empty: "You have no recent jobs." };
  }

  async function alertSections(event: CommandEvent, kit: ConnectorKit): Promise<HomeSection[]> {
    if (!parts.alerts?.homeSections) return [];
    try {
      return await parts.alerts.homeSections(event, kit);
    } catch (error) {
      kit.log.warn("home sections of alert handling failed", { error });
      return [];
    }
  }

  /** The Home view of the event's user, read afresh. */
  return async function home(event: CommandEvent, kit: ConnectorKit): Promise<HomeView> {
    const [commands, alerts, recent] = await Promise.all([
      commandsSection(event, kit),
      alertSections(event, kit),
      jobsSection(event, kit),
    ]);
    return { sections: [commands, ...alerts, recent] };
  };
}

/** Run where it needs nothing more (`runs`), Fill in… where it takes arguments or flags. */
function commandButtons(command: Command, runs: boolean): Button[] {
  const buttons: Button[] = runs ? [{ text: "Run", command: command.name }] : [];
  if (formFor(command)) buttons.push(fillInButton(command));
  return buttons;
}
