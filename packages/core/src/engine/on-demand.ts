// The engine's parts a command answered at once never needs, in one module loaded on first use:
// deferred jobs and late answers, confirmations, forms, in-process dispatch, the built-in
// commands' bodies, the Home tab, schedule firing and job administration. One module, not one each: a bundle split into chunks then
// keeps what they share in few chunks, and every chunk a cold start loads costs a module load.
export { builtinRuns } from "./builtin-runs.js";
export { createConfirmations } from "./confirmations.js";
export { createFormFlow } from "./form-flow.js";
export { createHome } from "./home.js";
export { createJobAdmin } from "./job-admin.js";
export { createJobEnd } from "./job-end.js";
export { createJobRunner } from "./job-runner.js";
export { createLateAnswers } from "./late-answers.js";
export { createLocalDispatch } from "./local-connector.js";
export { createScheduleRunner } from "./schedule-runner.js";
