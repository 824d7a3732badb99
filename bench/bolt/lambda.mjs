// Slack Bolt on Lambda, the way its documentation deploys it: an App on an AwsLambdaReceiver
// answering `/catops hi`. Its Web API calls (auth.test) go to CATOPS_SLACK_API_URL, a local stub.
import bolt from "@slack/bolt";

const { App, AwsLambdaReceiver } = bolt;
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: `${process.env.CATOPS_SLACK_API_URL}/` },
});

app.command("/catops", async ({ command, ack }) => {
  await ack({
    response_type: "in_channel",
    text: command.text === "hi" ? "Meow!" : `Unknown command ${command.text}`,
  });
});

let started;
export async function handler(event, context, callback) {
  started ??= receiver.start();
  return (await started)(event, context, callback);
}
