// A stand-in for Slack's servers on a loopback port: answers the Web API (Bolt calls auth.test
// when it starts) and takes response_url posts, counting them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackStub {
  /** http://127.0.0.1:<port>/api, for CATOPS_SLACK_API_URL. */
  apiUrl: string;
  /** http://127.0.0.1:<port>/response, a response_url. */
  responseUrl: string;
  /** Requests received, by path. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

export async function startSlackStub(): Promise<SlackStub> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: true,
          url: "https://example.slack.com/",
          team: "example",
          team_id: "T0001",
          user: "catops",
          user_id: "UBENCH",
          bot_id: "BBENCH",
          is_enterprise_install: false,
        }),
      );
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api`,
    responseUrl: `${base}/response`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
