// What `createAlerts` loads on first use, in one module: the webhook and native-event handling,
// the `help` lead, the Home sections, the rota's commands and the alert lifecycle. One module,
// not one each: a bundle split into chunks then keeps what they share in few chunks.
export { alertHandler } from "./handler.js";
export { createHelpLead } from "./help-lead.js";
export { createAlertHome } from "./home.js";
export { alertCommand } from "./lifecycle.js";
export { oncallCommands } from "./rota/commands.js";
