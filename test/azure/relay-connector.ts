// A small connector for adapter tests: commands arrive as JSON at /relay, late replies are
// POSTed as JSON to the event's responseUrl (the local recorder), and /relay/digest answers the
// SHA-256 of the body bytes exactly as the connector received them.
import { type Connector, json, parseJsonObject, readBody, toHex } from "@catops/core";

export function relayConnector(): Connector {
  return {
    name: "relay",
    paths: ["/relay", "/relay/digest"],
    async handle(request, kit) {
      if (new URL(request.url).pathname === "/relay/digest") {
        const bytes = await request.arrayBuffer();
        return json({
          sha256: toHex(await crypto.subtle.digest("SHA-256", bytes)),
          length: bytes.byteLength,
          contentType: request.headers.get("content-type"),
        });
      }
      const body = parseJsonObject(await readBody(request, kit.bodyLimit));
      const reply = await kit.execute({
        command: [],
        text: String(body.text ?? ""),
        user: { id: String(body.user ?? "U1") },
        channel: { id: "C1" },
        responseUrl: typeof body.responseUrl === "string" ? body.responseUrl : undefined,
        source: "relay",
      });
      return json(reply ?? {});
    },
    async deliver(event, reply) {
      if (!event.responseUrl) throw new Error("no response url");
      const response = await fetch(event.responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reply),
      });
      if (!response.ok) throw new Error(`response url answered ${response.status}`);
    },
  };
}
