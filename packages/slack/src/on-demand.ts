// What a slash command answered in its response never needs, in one module loaded on first use:
// events and interactivity, modals, late replies and the Web API. One module, not one each: a
// bundle split into chunks then keeps what they share in few chunks.
export { slackDelivery } from "./delivery.js";
export { createInteractiveAnswer } from "./interactive.js";
export { openForm } from "./open-form.js";
