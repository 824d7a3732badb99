/** The user who may run `access` (the bot's admins group): who grants groups from chat. */
export const CONFORMANCE_ADMIN = "UCONFADMIN";
