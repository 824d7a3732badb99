// Every adapter and the alerts package refuse a misspelt option the same way: a TypeError that
// names the package and the options it knows.
import { createAlerts } from "@catops/alerts";
import { catopsLambda } from "@catops/aws-lambda";
import { catopsWorker } from "@catops/cloudflare-workers";
import { createCatOps } from "@catops/core";
import { catopsHttp, catopsPubSub } from "@catops/gcp-functions";
import { serve } from "@catops/node";
import { describe, expect, it } from "vitest";

const bot = createCatOps();
const typo = { bsaePath: "/catops" } as never;

describe("options every package checks", () => {
  it.each([
    ["@catops/aws-lambda catopsLambda", () => catopsLambda(bot, typo)],
    ["@catops/cloudflare-workers catopsWorker", () => catopsWorker(bot, typo)],
    ["@catops/gcp-functions catopsHttp", () => catopsHttp(bot, typo)],
    ["@catops/gcp-functions catopsPubSub", () => catopsPubSub(bot, typo)],
    ["@catops/alerts createAlerts", () => createAlerts(typo)],
  ])("%s", (where, make) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(`${where}: unknown option "bsaePath" (known: `);
  });

  it("@catops/node serve", async () => {
    await expect(serve(bot, typo)).rejects.toThrow(
      '@catops/node serve: unknown option "bsaePath" (known: ',
    );
  });
});
