// Plugin files a generated module loads on first use are loaded here, before the engine reads
// their commands: each entry point loads what its event names (the dispatcher's `load`), and a
// press of a confirmation button, which names its command only in the store, loads them all.
import type { AlertHandler } from "../connector.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import { FORM_ACTION } from "../dispatch/form-action.js";
import type { Engine } from "./execute.js";

export function loadingOnUse(engine: Engine, dispatcher: Dispatcher): Engine {
  const { load, loadAll } = dispatcher;
  return {
    ...engine,
    execute(event, connector, kit, confirmed) {
      // With every file loaded (the usual case once warm) no promise is added to the path.
      const loading = load(event, kit.dialect);
      if (!loading) return engine.execute(event, connector, kit, confirmed);
      return loading.then(() => engine.execute(event, connector, kit, confirmed));
    },
    async act(action, event, connector, kit) {
      if (action.action === "catops.run" && action.value)
        await load({ ...event, command: [], text: action.value }, kit.dialect);
      else if (action.action === FORM_ACTION)
        await load({ ...event, command: [action.value ?? ""] });
      else if (action.action === "catops.confirm" || action.action === "catops.cancel")
        await loadAll();
      return engine.act(action, event, connector, kit);
    },
    async submitForm(submission, event, connector, kit) {
      await load({ ...event, command: [submission.command] });
      return engine.submitForm(submission, event, connector, kit);
    },
    async runJob(envelope, connector, kit) {
      await load(envelope.event, kit.dialect);
      return engine.runJob(envelope, connector, kit);
    },
  };
}

/** An alert handler that has every plugin file loaded before it checks the commands it suggests. */
export function alertsLoadingOnUse(alerts: AlertHandler, dispatcher: Dispatcher): AlertHandler {
  const loading: Partial<AlertHandler> = {
    async handle(source, request, kit) {
      await dispatcher.loadAll();
      return alerts.handle(source, request, kit);
    },
    async receive(source, payload, kit) {
      await dispatcher.loadAll();
      return alerts.receive(source, payload, kit);
    },
  };
  return Object.assign(Object.create(alerts) as AlertHandler, loading);
}
