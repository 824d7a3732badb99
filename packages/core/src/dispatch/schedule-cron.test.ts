import { describe, expect, it } from "vitest";
import { cronForAws, cronForAzure, parseCron } from "./schedule-cron.js";

const at = (iso: string) => Date.parse(iso);

describe("parseCron", () => {
  it("reads ranges, lists, steps and names", () => {
    const cron = parseCron("*/15  9-17 * JAN,jul mon-fri");
    expect(cron.expression).toBe("*/15 9-17 * JAN,jul mon-fri");
    expect(cron.minutes).toEqual([0, 15, 30, 45]);
    expect(cron.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(cron.months).toEqual([1, 7]);
    expect(cron.weekdays).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron("5/20 * * * 7").minutes).toEqual([5, 25, 45]);
    expect(parseCron("0 0 * * 7").weekdays).toEqual([0]);
  });

  it("matches UTC minutes", () => {
    const weekdays = parseCron("0 9 * * MON-FRI");
    expect(weekdays.matches(at("2026-12-04T09:00:30Z"))).toBe(true); // a Friday
    expect(weekdays.matches(at("2026-12-05T09:00:00Z"))).toBe(false); // a Saturday
    expect(weekdays.matches(at("2026-12-04T09:01:00Z"))).toBe(false);
  });

  it("finds the latest firing at or before a time", () => {
    const weekdays = parseCron("0 9 * * MON-FRI");
    expect(weekdays.previous(at("2026-12-04T09:00:00Z"))).toBe(at("2026-12-04T09:00:00Z"));
    expect(weekdays.previous(at("2026-12-04T09:40:10Z"))).toBe(at("2026-12-04T09:00:00Z"));
    // Saturday and Sunday fall back to Friday; Monday before nine too.
    expect(weekdays.previous(at("2026-12-07T08:59:00Z"))).toBe(at("2026-12-04T09:00:00Z"));
    expect(parseCron("* * * * *").previous(at("2026-12-04T10:11:59Z"))).toBe(
      at("2026-12-04T10:11:00Z"),
    );
    expect(parseCron("30 23 31 12 *").previous(at("2026-12-04T00:00:00Z"))).toBe(
      at("2025-12-31T23:30:00Z"),
    );
    expect(parseCron("0 0 30 2 *").previous(at("2026-12-04T00:00:00Z"))).toBeUndefined();
  });

  it("reads ranges, steps, lists and names in either case", () => {
    expect(parseCron("5-20/5 0 * jan-Mar mon,WED").months).toEqual([1, 2, 3]);
    expect(parseCron("5-20/5 0 * jan-Mar mon,WED").minutes).toEqual([5, 10, 15, 20]);
    expect(parseCron("5-20/5 0 * jan-Mar mon,WED").weekdays).toEqual([1, 3]);
    expect(parseCron("30/15 */8 * * *").minutes).toEqual([30, 45]);
    expect(parseCron("30/15 */8 * * *").hours).toEqual([0, 8, 16]);
  });

  it.each([
    ["0 9 * *", /five-field/],
    ["61 * * * *", /minute field "61" is out of range/],
    ["0 9 * * FUNDAY", /unknown name "FUNDAY"/],
    ["0 9 1 * MON", /both the day of month and the day of week/],
    ["0 17-9 * * *", /runs backwards/],
    ["*/0 * * * *", /step of 0/],
    ["rate(5 minutes)", /five-field/],
    ["1/2/3 * * * *", /minute field "1\/2\/3" is not valid cron/],
    ["0,,5 * * * *", /minute field "0,,5" is not valid cron/],
    ["*-5 * * * *", /minute field "\*-5" is not valid cron/],
    ["1-2-3 * * * *", /minute field "1-2-3" is not valid cron/],
    ["0 9 * * MON-", /day of week field "MON-" is not valid cron/],
    ["*/x * * * *", /minute field "\*\/x" is not valid cron/],
    ["0 9 * * MO\u00c9", /day of week field "MO\u00c9" is not valid cron/],
    ["0 9 * * 1/", /day of week field "1\/" is not valid cron/],
  ])("refuses %s", (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
  });
});

describe("conversions", () => {
  it("writes EventBridge's cron, one of the day fields a question mark", () => {
    expect(cronForAws(parseCron("0 9 * * MON-FRI"))).toBe("cron(0 9 ? * MON,TUE,WED,THU,FRI *)");
    expect(cronForAws(parseCron("* * * * *"))).toBe("cron(* * * * ? *)");
    expect(cronForAws(parseCron("30 6 1 */6 *"))).toBe("cron(30 6 1 1,7 ? *)");
    expect(cronForAws(parseCron("0 0 * * 0,7"))).toBe("cron(0 0 ? * SUN *)");
  });

  it("writes Azure's NCRONTAB, seconds first", () => {
    expect(cronForAzure(parseCron("0 9 * * MON-FRI"))).toBe("0 0 9 * * 1,2,3,4,5");
    expect(cronForAzure(parseCron("* * * * *"))).toBe("0 * * * * *");
    expect(cronForAzure(parseCron("*/20 7 * * *"))).toBe("0 0,20,40 7 * * *");
  });
});
