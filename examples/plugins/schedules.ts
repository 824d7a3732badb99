// What the bot runs by itself, in five-field cron (UTC); each reply is posted to the alert
// channel. `catops build --schedules <dir>` writes each cloud's configuration of them.
import type { ScheduleDefinition } from "@catops/core";

export const schedules: ScheduleDefinition[] = [
  {
    // The rota's handoff, announced in the channel when the shift changes: weekdays at 09:00.
    name: "rota-handoff",
    schedule: "0 9 * * MON-FRI",
    run: "oncall handoff",
    channel: "$CATOPS_ALERT_CHANNEL",
  },
  {
    // Pages the next on-call for each firing alert nobody acknowledged in time (the escalation
    // policy is createAlerts' `escalation`); a run with nothing overdue posts nothing.
    name: "alert-escalation",
    schedule: "* * * * *",
    run: "alert escalate",
    channel: "$CATOPS_ALERT_CHANNEL",
  },
  {
    // A daily look at the public site, before the team starts.
    name: "daily-check",
    schedule: "30 6 * * *",
    run: "check https://example.com/",
    channel: "$CATOPS_ALERT_CHANNEL",
  },
];
