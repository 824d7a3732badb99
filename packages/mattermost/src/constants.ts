// Where the Mattermost connector answers: known before its code loads.
export const MATTERMOST_COMMANDS_PATH = "/mattermost/commands";
export const MATTERMOST_ACTIONS_PATH = "/mattermost/actions";
export const MATTERMOST_DIALOGS_PATH = "/mattermost/dialogs";
