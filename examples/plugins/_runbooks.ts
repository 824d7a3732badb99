// Private (the "_" keeps it from becoming commands): which commands each alert's card offers,
// shared by every example app's createAlerts. `{{field}}` is the alert's value, passed to the
// command as one argument and checked against its arguments before the button is shown.
export const runbooks = [
  // Uptime Robot: the monitored URL is the alert's resource; check it again from here.
  { source: "uptimerobot", commands: ["check {{resource}}"] },
  // A failing service on any cloud: redeploy what is running, to production, after confirming.
  {
    source: ["cloudwatch", "azure-monitor", "gcp-monitoring", "generic"],
    severity: ["critical", "error"] as const,
    name: /5xx|error rate|crash/i,
    commands: ["deploy {{Service}} --env prod"],
  },
  // Anything critical: say who is on call, so the card shows whom to ask.
  { severity: "critical" as const, commands: ["oncall"] },
];

/** Pages the next people on the rota when nobody acknowledges a card within 10 minutes. */
export const escalation = { afterMinutes: 10, steps: 2 };
