// Bare node:http: the throughput ceiling. Verifies Slack's signature with node:crypto and
// answers `/catops hi`, nothing else. PORT=0 picks a free port, printed as the first line.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.SLACK_SIGNING_SECRET ?? "";

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const timestamp = req.headers["x-slack-request-timestamp"];
    const signature = String(req.headers["x-slack-signature"] ?? "");
    const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    if (
      !timestamp ||
      Math.abs(Date.now() / 1000 - Number(timestamp)) > 300 ||
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      res.writeHead(401).end();
      return;
    }
    const text = new URLSearchParams(body).get("text");
    const json = JSON.stringify({
      response_type: "in_channel",
      text: text === "hi" ? "Meow!" : `Unknown command ${text}`,
    });
    res.writeHead(200, { "content-type": "application/json" }).end(json);
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
