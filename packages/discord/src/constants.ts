// Where the Discord connector answers: known before its code loads.
export const DISCORD_INTERACTIONS_PATH = "/discord/interactions";
