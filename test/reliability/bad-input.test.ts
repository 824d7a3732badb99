// The bad-input matrix through every adapter's real entry point: each request gets the right
// status and a clear message, none reaches a plugin, Object.prototype stays clean, and the bot
// still answers afterwards.
import { describe, expect, it } from "vitest";
import { BAD_INPUT_CASES } from "./bad-input/cases.ts";
import {
  type BadInputDriver,
  inProcessDriver,
  lambdaDriver,
  nodeDriver,
  useBadInputAdapter,
  workerdDriver,
} from "./support/drivers.ts";
import { prototypePollution } from "./support/pollution.ts";
import { SIGNING_SECRET, signedRequest, slashBody } from "./support/slack.ts";

const DRIVERS: BadInputDriver[] = [
  inProcessDriver(),
  nodeDriver(),
  workerdDriver(),
  lambdaDriver(),
];
const STACK = /\n\s+at |\.ts:\d+|node:internal/;

for (const driver of DRIVERS) {
  describe(`bad input: ${driver.name}`, () => {
    const { recorder, adapter } = useBadInputAdapter(driver);
    const spied = () => recorder.requests.filter((request) => request.path.startsWith("/spy/"));

    /**
     * A command's answer: inline, or the late one at its response_url when a busy machine took
     * the command past the bot's deadline (the buffered Lambda answers through a job).
     */
    async function answerOf(text: string): Promise<{ text?: string }> {
      const path = `/respond/${text}`;
      const response = await adapter.send(
        signedRequest(slashBody({ text, response_url: `${recorder.url}${path}` })),
      );
      expect(response.status).toBe(200);
      const body = await response.json();
      if (!String(body.text).startsWith(`Still working on \`${text}\``)) return body;
      await adapter.drain();
      return (await recorder.waitFor((request) => request.path === path, 10_000)).json;
    }

    for (const testCase of BAD_INPUT_CASES) {
      it(testCase.name, async () => {
        const response = await adapter.sendRaw(testCase.request(recorder.url));
        const text = await response.text();
        expect(testCase.status, `status ${response.status}: ${text.slice(0, 200)}`).toContain(
          response.status,
        );
        expect(text).not.toMatch(STACK);
        expect(text).not.toContain(SIGNING_SECRET);
        if (response.status === testCase.status[0] && response.status >= 400) {
          const body = JSON.parse(text);
          expect(body.ok).toBe(false);
          if (testCase.message) expect(body.error).toMatch(testCase.message);
        }
        if (response.status === 200 && testCase.reply) expect(text).toMatch(testCase.reply);
        if (response.status === 200 && testCase.message && testCase.status[0] !== 200)
          expect(text).toMatch(testCase.message);
      }, 20_000);
    }

    it("let no bad request reach a plugin, and still answers", async () => {
      await adapter.drain();
      expect(spied()).toEqual([]);
      expect(await answerOf("hi")).toMatchObject({ text: "Meow!", response_type: "in_channel" });
      expect(spied().map((request) => request.path)).toEqual(["/spy/hi"]);
    });

    it("left Object.prototype as it was", async () => {
      expect(await answerOf("probe")).toMatchObject({ text: "prototype clean" });
      if (adapter.sameRealm) expect(prototypePollution()).toEqual([]);
    });
  });
}
