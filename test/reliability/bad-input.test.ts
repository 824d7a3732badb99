// The bad-input matrix through every adapter's real entry point: each request gets the right
// status and a clear message, none reaches a plugin, Object.prototype stays clean, and the bot
// still answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../support/recorder.ts";
import { BAD_INPUT_CASES } from "./bad-input/cases.ts";
import {
  type BadInputAdapter,
  type BadInputDriver,
  inProcessDriver,
  lambdaDriver,
  nodeDriver,
  workerdDriver,
} from "./support/drivers.ts";
import { prototypePollution } from "./support/pollution.ts";
import { BOT_TOKEN, SIGNING_SECRET, signedRequest, slashBody } from "./support/slack.ts";

const DRIVERS: BadInputDriver[] = [
  inProcessDriver(),
  nodeDriver(),
  workerdDriver(),
  lambdaDriver(),
];
const STACK = /\n\s+at |\.ts:\d+|node:internal/;

for (const driver of DRIVERS) {
  describe(`bad input: ${driver.name}`, () => {
    let recorder: Recorder;
    let adapter: BadInputAdapter;
    const spied = () => recorder.requests.filter((request) => request.path.startsWith("/spy/"));

    beforeAll(async () => {
      recorder = await startRecorder();
      adapter = await driver.start({
        env: {
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: BOT_TOKEN,
          CATOPS_SLACK_API_URL: `${recorder.url}/api`,
          CATOPS_SPY_URL: recorder.url,
        },
        recorderUrl: recorder.url,
      });
    }, 60_000);

    afterAll(async () => {
      await adapter?.stop();
      await recorder?.close();
    });

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
      const ok = await adapter.send(
        signedRequest(slashBody({ text: "hi", response_url: `${recorder.url}/respond/final` })),
      );
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ text: "Meow!", response_type: "in_channel" });
      expect(spied().map((request) => request.path)).toEqual(["/spy/hi"]);
    });

    it("left Object.prototype as it was", async () => {
      const probe = await adapter.send(signedRequest(slashBody({ text: "probe" })));
      expect(await probe.json()).toMatchObject({ text: "prototype clean" });
      if (adapter.sameRealm) expect(prototypePollution()).toEqual([]);
    });
  });
}
