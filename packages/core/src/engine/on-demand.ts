// The engine's parts a command answered at once never needs, in one module loaded on first use:
// deferred jobs, confirmations, forms, the built-in commands' bodies, the Home tab, schedule
// firing and job administration. One module, not one each: a bundle split into chunks then
// keeps what they share in few chunks, and every chunk a cold start loads costs a module load.
export { builtinRuns } from "./builtin-runs.js";
export { createConfirmations } from "./confirmations.js";
export { createFormFlow } from "./form-flow.js";
export { createHome } from "./home.js";
export { createJobAdmin } from "./job-admin.js";
export { createJobRunner } from "./job-runner.js";
export { createScheduleRunner } from "./schedule-runner.js";
