// Slack Bolt's own HTTP server (HTTPReceiver) answering `/catops hi` on POST /slack/events.
// PORT=0 picks a free port, printed as the first line.
import bolt from "@slack/bolt";

const { App, LogLevel } = bolt;
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: `${process.env.CATOPS_SLACK_API_URL}/` },
  logLevel: LogLevel.WARN,
});

app.command("/catops", async ({ command, ack }) => {
  await ack({
    response_type: "in_channel",
    text: command.text === "hi" ? "Meow!" : `Unknown command ${command.text}`,
  });
});

const server = await app.start({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
console.log(JSON.stringify({ port: server.address().port }));
