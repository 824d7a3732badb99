/**
 * The channels the `opsroom` command is for, by id: the documented Mattermost slash command's
 * channel and the documented Discord interaction's. Its rule also names `ops`, which matches only
 * where the platform signs channel names.
 */
export const OPS_CHANNELS = {
  mattermost: "fukxanjgjbnp7ng383at53k1sy",
  discord: "645027906669510667",
  name: "ops",
} as const;
