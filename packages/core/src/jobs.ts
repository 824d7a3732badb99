// @catops/core/jobs: the job records a bot keeps, for tools and tests that read them. An entry
// of its own, so a bundle loads the records' code with the first job rather than with the bot.
export { createJobs, FINAL_STATES, JOB_TTL_SECONDS } from "./engine/jobs.js";
