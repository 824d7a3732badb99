// Where the Microsoft Teams connector answers: known before its code loads.
export const TEAMS_MESSAGES_PATH = "/teams/messages";
export const DEFAULT_TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/teams/";
