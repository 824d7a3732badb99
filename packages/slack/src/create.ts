// The Slack connector alone, for a bot's entry point: importing the package root brings every
// Slack helper into a bundle's cold path; this brings what a slash command runs, and the rest
// (events, interactivity, modals, the Home tab) loads on first use.
export { createSlackConnector } from "./connector.js";
