// A response_url that answers late: the poster must not post the same reply again and again.
// A real loopback server records every request it receives; its answers are scripted per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { postJson } from "@catops/core/outbound";
import { afterEach, describe, expect, it } from "vitest";

type Step = "hang" | { status: number; headers?: Record<string, string> };

let server: Server | undefined;

async function recordingServer(...steps: Step[]) {
  const received: string[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push(body);
      const step = steps.shift() ?? { status: 200 };
      if (step === "hang") return;
      res.writeHead(step.status, step.headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/T1/B2/secret`, received };
}

const noWait = async () => {};

/**
 * fetch whose request, once postJson's timeout aborts it, is cut only after the server has read
 * it: each POST times out after it was delivered, however late a loaded machine gets to read it
 * (its timer can fire before this process's server has seen the bytes already sent).
 */
function abortedOnlyOnceReceived(received: string[]): typeof fetch {
  let calls = 0;
  return (input, init) => {
    const call = calls++;
    const arrived = waitUntil(() => received.length > call);
    const cut = new AbortController();
    init?.signal?.addEventListener("abort", () => {
      void arrived.then(() => cut.abort(init.signal?.reason));
    });
    return fetch(input, { ...init, signal: cut.signal });
  };
}

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("postJson against a live server", () => {
  it("retries a timed-out POST at most once, since the first may have been delivered", async () => {
    const { url, received } = await recordingServer("hang", "hang", "hang", "hang");
    const result = await postJson(
      url,
      { text: "deployed" },
      {
        what: "response_url",
        platform: "Slack",
        retries: 3,
        timeoutMs: 150,
        sleep: noWait,
        fetch: abortedOnlyOnceReceived(received),
      },
    );
    expect(result).toMatchObject({ ok: false, attempts: 2, error: "timed out after 150 ms" });
    expect(received).toEqual(['{"text":"deployed"}', '{"text":"deployed"}']);
  });

  it("delivers on the one retry after a timeout", async () => {
    const { url, received } = await recordingServer("hang", { status: 200 });
    // The first attempt hangs for good; the limit only has to let the answering one through,
    // which 150 ms did not always do on a loaded machine.
    const result = await postJson(
      url,
      { text: "hi" },
      { what: "response_url", platform: "Slack", retries: 3, timeoutMs: 1500, sleep: noWait },
    );
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
  });

  it("keeps its bounded retries for 429 and 5xx, waiting as Retry-After says", async () => {
    const { url, received } = await recordingServer(
      { status: 429, headers: { "retry-after": "2" } },
      { status: 503 },
      { status: 502 },
      { status: 200 },
    );
    const waits: number[] = [];
    const result = await postJson(
      url,
      { text: "hi" },
      {
        what: "response_url",
        platform: "Slack",
        retries: 3,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toMatchObject({ ok: true, attempts: 4 });
    expect(received).toHaveLength(4);
    expect(waits).toEqual([2000, 1000, 2000]);
  });

  it("stops after the retries when 5xx goes on", async () => {
    const { url, received } = await recordingServer(
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    );
    const result = await postJson(
      url,
      {},
      { what: "response_url", platform: "Slack", retries: 3, sleep: noWait },
    );
    expect(result).toMatchObject({ ok: false, status: 500, attempts: 4 });
    expect(received).toHaveLength(4);
  });
});
