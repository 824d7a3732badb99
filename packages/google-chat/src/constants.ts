// Where the Google Chat connector answers: known before its code loads.
export const GOOGLE_CHAT_EVENTS_PATH = "/google-chat/events";
