// Every vendor sample in test/fixtures/vendor parses to the one alert shape.
import {
  type Alert,
  AlertParseError,
  HTTP_SOURCES,
  NATIVE_SOURCES,
  parseAzureMonitor,
  parseCloudWatchSns,
  parseEventBridgeAlarm,
  parseGcpMonitoring,
  parseGeneric,
  parseUptimeRobot,
  snsControl,
} from "@catops/alerts";
import { describe, expect, it } from "vitest";
import { vendorJson } from "../fixtures/vendor.mjs";

function expectShape(alert: Alert) {
  expect(Object.keys(alert).sort()).toEqual(
    expect.arrayContaining(["details", "key", "name", "raw", "severity", "source", "state"]),
  );
  expect(["firing", "resolved"]).toContain(alert.state);
  expect(["critical", "error", "warning", "info"]).toContain(alert.severity);
  for (const value of Object.values(alert.details)) expect(typeof value).toBe("string");
  if (alert.link) expect(alert.link).toMatch(/^https?:\/\//);
  if (alert.time) expect(alert.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
}

describe("cloudwatch via SNS", () => {
  it("reads a single-metric alarm from Records[].Sns.Message", () => {
    const payload = vendorJson("aws/sns-cloudwatch-alarm-single-metric.aws-lambda-go.json");
    const [alert, ...rest] = parseCloudWatchSns(payload);
    expect(rest).toEqual([]);
    expectShape(alert!);
    expect(alert).toMatchObject({
      source: "cloudwatch",
      name: "EXAMPLE",
      state: "firing",
      severity: "error",
      resource: "InstanceId=TestInstance",
      time: "2015-06-03T17:43:27.123Z",
      key: "cloudwatch:arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE",
    });
    expect(alert!.summary).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[1234\.0/);
    expect(alert!.details).toMatchObject({
      Metric: "AWS/EC2 NetworkOut",
      Threshold: "GreaterThanThreshold 0",
      "Previous state": "INSUFFICIENT_DATA",
      Account: "123456789012",
    });
    // The placeholder region in the sample gives no console link rather than a broken one.
    expect(alert!.link).toBeUndefined();
  });

  it("reads a metric-math alarm", () => {
    const [alert] = parseCloudWatchSns(
      vendorJson("aws/sns-cloudwatch-alarm-multiple-metrics.aws-lambda-go.json"),
    );
    expectShape(alert!);
    expect(alert!.details.Metric).toBe("Expression1: m1*1; AWS/EC2 NetworkOut");
    expect(alert!.resource).toBe("InstanceId=TestInstance");
  });

  it("reads the same alarm from one record or from the body of an HTTP subscription", () => {
    const payload = vendorJson("aws/sns-cloudwatch-alarm-single-metric.aws-lambda-go.json");
    const fromRecords = parseCloudWatchSns(payload)[0]!;
    expect(parseCloudWatchSns(payload.Records[0])[0]!.key).toBe(fromRecords.key);
    expect(parseCloudWatchSns(payload.Records[0].Sns)[0]!.key).toBe(fromRecords.key);
  });

  it("shows a notification that is not an alarm as it is", () => {
    for (const file of [
      "aws/sns-event-generic.aws-lambda-go.json",
      "aws/sns-event.awsdocs-lambda-guide.json",
    ]) {
      const [alert] = parseCloudWatchSns(vendorJson(file));
      expectShape(alert!);
      expect(alert).toMatchObject({
        source: "sns",
        name: "TestInvoke",
        summary: "Hello from SNS!",
        state: "firing",
        severity: "info",
      });
    }
  });

  it("recognises SNS's subscription handshake", () => {
    const sns = vendorJson("aws/sns-event-generic.aws-lambda-go.json").Records[0].Sns;
    const confirmation = {
      ...sns,
      Type: "SubscriptionConfirmation",
      SubscribeURL:
        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:EXAMPLE&Token=x",
    };
    expect(snsControl(confirmation)).toMatchObject({
      type: "SubscriptionConfirmation",
      topicArn: "arn:aws:sns:EXAMPLE",
    });
    expect(snsControl(sns)).toBeUndefined();
  });

  it("refuses what is not SNS", () => {
    expect(() => parseCloudWatchSns({ hello: "world" })).toThrow(AlertParseError);
    expect(() => parseCloudWatchSns("text")).toThrow(/must be a JSON object/);
    expect(() => parseCloudWatchSns({ Records: [{}] })).toThrow(/no SNS message/);
    const alarm = vendorJson("aws/sns-cloudwatch-alarm-single-metric.aws-lambda-go.json").Records[0]
      .Sns;
    const message = JSON.parse(alarm.Message);
    expect(() =>
      parseCloudWatchSns({
        ...alarm,
        Message: JSON.stringify({ ...message, NewStateValue: "MAYBE" }),
      }),
    ).toThrow(/unknown CloudWatch alarm state "MAYBE"/);
  });
});

describe("cloudwatch via EventBridge", () => {
  const files = {
    single: "aws/eventbridge-cloudwatch-alarm-state-change-single-metric.awsdocs.json",
    math: "aws/eventbridge-cloudwatch-alarm-state-change-metric-math.awsdocs.json",
    composite: "aws/eventbridge-cloudwatch-alarm-state-change-composite.awsdocs.json",
  };

  it("reads a single-metric alarm with a console link", () => {
    const [alert] = parseEventBridgeAlarm(vendorJson(files.single));
    expectShape(alert!);
    expect(alert).toMatchObject({
      source: "cloudwatch",
      name: "ServerCpuTooHigh",
      state: "firing",
      severity: "error",
      resource: "InstanceId=i-12345678901234567",
      time: "2019-10-02T17:04:40.989Z",
      key: "cloudwatch:arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
      link: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/ServerCpuTooHigh",
    });
    expect(alert!.details).toMatchObject({
      Description: "Goes into alarm when server CPU utilization is too high!",
      Metric: "AWS/EC2 CPUUtilization",
      "Previous state": "OK",
      Region: "us-east-1",
    });
  });

  it("reads metric math and composite alarms", () => {
    const [math] = parseEventBridgeAlarm(vendorJson(files.math));
    expectShape(math!);
    expect(math!.details.Metric).toBe(
      "Total Network Traffic: SUM(METRICS()); AWS/EC2 NetworkIn; AWS/EC2 NetworkOut",
    );
    const [composite] = parseEventBridgeAlarm(vendorJson(files.composite));
    expectShape(composite!);
    expect(composite).toMatchObject({ name: "ServiceAggregatedAlarm", state: "firing" });
    expect(composite!.details).toMatchObject({
      Rule: "ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)",
      "Actions suppressed": "Actions suppressed by WaitPeriod",
    });
  });

  it("reads an OK state as resolved, and accepts fields added later (muteDetail)", () => {
    const event = vendorJson(files.single);
    event.detail.state.value = "OK";
    event.detail.muteDetail = { mutedBy: [] };
    expect(parseEventBridgeAlarm(event)[0]).toMatchObject({ state: "resolved" });
  });

  it("is read by the cloudwatch HTTP source too, with the same key as SNS would give", () => {
    const event = vendorJson(files.single);
    expect(HTTP_SOURCES.cloudwatch!(event)[0]!.key).toBe(parseEventBridgeAlarm(event)[0]!.key);
    expect(() =>
      parseEventBridgeAlarm({ "detail-type": "EC2 Instance State-change Notification" }),
    ).toThrow(/not a "CloudWatch Alarm State Change" event/);
  });
});

describe("uptimerobot", () => {
  it("reads down (firing) and up (resolved) with the same key, treating *unfilled* values as absent", () => {
    const [down] = parseUptimeRobot(
      vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json"),
    );
    const [up] = parseUptimeRobot(
      vendorJson("monitoring/uptimerobot-monitor-up.zulip-fixture.json"),
    );
    expectShape(down!);
    expectShape(up!);
    expect(down).toMatchObject({
      source: "uptimerobot",
      name: "ZUTesting",
      state: "firing",
      severity: "critical",
      summary: "HTTP 502 - Bad Gateway",
      resource: "http://7d398dfc.ngrok.io",
      key: "uptimerobot:784350743",
    });
    expect(down!.details).toEqual({ Status: "Down", "Monitor ID": "784350743" });
    expect(up).toMatchObject({ state: "resolved", summary: "HTTP 200 - OK", key: down!.key });
    // How long it lasted is a number the card formats once, not a second duration of its own.
    expect(up!.lastedMs).toBe(60_000);
    expect(up!.details.Duration).toBeUndefined();
  });

  it("reads the snake_case template the same way", () => {
    const [down] = parseUptimeRobot(
      vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture-snake_case.json"),
    );
    const [up] = parseUptimeRobot(
      vendorJson("monitoring/uptimerobot-monitor-up.zulip-fixture-snake_case.json"),
    );
    expectShape(down!);
    expect(down).toMatchObject({
      name: "Web Server",
      state: "firing",
      summary: "Host Is Unreachable",
      resource: "server1.example.com",
      key: "uptimerobot:server1.example.com",
    });
    expect(down!.lastedMs).toBeUndefined();
    expect(down!.link).toBeUndefined(); // no scheme: not a link
    expect(up).toMatchObject({ name: "Mail Server", state: "resolved" });
    expect(up!.lastedMs).toBe((44 * 60 + 37) * 1000);
  });

  it("says what is missing", () => {
    const down = vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
    expect(() =>
      parseUptimeRobot({
        ...down,
        alertType: "*alertType*",
        alertTypeFriendlyName: "*alertTypeFriendlyName*",
      }),
    ).toThrow(/alertType \(1 down, 2 up\) is required/);
    expect(() => parseUptimeRobot({ ...down, alertType: "9" })).toThrow(/unknown alertType "9"/);
    expect(() => parseUptimeRobot({ alertType: "1" })).toThrow(
      /monitorFriendlyName, monitorURL or monitorID is required/,
    );
  });
});

describe("azure-monitor", () => {
  const metric = "monitoring/azure-monitor-common-alert-schema.metric-alert.json";

  it("reads the common alert schema's metric alert", () => {
    const [alert] = parseAzureMonitor(vendorJson(metric));
    expectShape(alert!);
    expect(alert).toMatchObject({
      source: "azure-monitor",
      name: "WCUS-R2-Gen2",
      state: "resolved",
      severity: "info",
      resource: "wcus-r2-gen2",
      summary: "Percentage CPU GreaterThan 25 (now 7.727)",
      time: "2019-03-22T14:03:16.224Z",
      key: "azure-monitor:WCUS-R2-Gen2:wcus-r2-gen2",
    });
    expect(alert!.details).toMatchObject({
      Severity: "Sev3",
      Signal: "Platform Metric",
      Key1: "Value1",
    });
  });

  it("maps Fired to firing and Sev0-4 to severities", () => {
    const payload = vendorJson(metric);
    const expected = ["critical", "error", "warning", "info", "info"];
    expected.forEach((severity, n) => {
      payload.data.essentials.monitorCondition = "Fired";
      payload.data.essentials.severity = `Sev${n}`;
      expect(parseAzureMonitor(payload)[0]).toMatchObject({
        state: "firing",
        severity,
        time: "2019-03-22T13:58:24.371Z",
      });
    });
  });

  it("reads a log search alert (the docs' alertContext fragment in the envelope)", () => {
    const payload = vendorJson(metric);
    payload.data.essentials.signalType = "Log";
    payload.data.essentials.monitoringService = "Log Alerts V2";
    payload.data.alertContext = vendorJson(
      "monitoring/azure-monitor-common-alert-schema.log-alerts-v2.alertContext.fragment.json",
    ).alertContext;
    const [alert] = parseAzureMonitor(payload);
    expectShape(alert!);
    expect(alert!.summary).toBe("Heartbeat LowerThan 1 (now 0)");
    expect(alert!.link).toMatch(/^https:\/\/portal\.azure\.com#@/);
  });

  it("refuses other schemas and missing conditions", () => {
    const payload = vendorJson(metric);
    expect(() =>
      parseAzureMonitor({ ...payload, schemaId: "Microsoft.Insights/activityLogs" }),
    ).toThrow(/unsupported schemaId/);
    payload.data.essentials.monitorCondition = "Maybe";
    expect(() => parseAzureMonitor(payload)).toThrow(
      /monitorCondition must be "Fired" or "Resolved"/,
    );
  });
});

describe("gcp-monitoring", () => {
  it("reads the documented 1.2 schema example", () => {
    const [alert] = parseGcpMonitoring(
      vendorJson("monitoring/gcp-monitoring-webhook-v1.2.docs-schema-example.json"),
    );
    expectShape(alert!);
    expect(alert).toMatchObject({
      source: "gcp-monitoring",
      name: "Monitor-Project-Cluster",
      state: "resolved",
      severity: "warning",
      resource: "gke-cluster-1-default-pool-e2df4cbd-dgp3",
      link: "https://console.cloud.google.com/monitoring/alerting/incidents/0.lxfiw61fsv7p?project=internal-project",
      time: "2020-01-01T11:11:11.000Z",
    });
    expect(alert!.details).toMatchObject({
      Condition: "VM Instance - CPU utilization [MAX]",
      Observed: "0.835",
      Threshold: "0.9",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Google's own placeholder, shown as sent
      Links: "Playbook: https://myownpersonaldomain.com/playbook?name=${resource.name}",
    });
  });

  it("reads a real closed incident, and an open one as firing", () => {
    const payload = vendorJson(
      "monitoring/gcp-monitoring-notification-v1.2.googlecloudplatform-example_message.json",
    );
    const [closed] = parseGcpMonitoring(payload);
    expectShape(closed!);
    expect(closed).toMatchObject({
      name: "wdzc Alert Policy",
      state: "resolved",
      time: "2021-05-18T17:35:36.000Z",
    });
    payload.incident.state = "open";
    payload.incident.severity = "Critical";
    const [open] = parseGcpMonitoring(payload);
    expect(open).toMatchObject({
      state: "firing",
      severity: "critical",
      time: "2021-05-11T17:35:33.000Z",
      key: closed!.key,
    });
  });

  it("refuses a notification without an incident state", () => {
    expect(() => parseGcpMonitoring({ version: "1.2" })).toThrow(/incident must be a JSON object/);
    expect(() => parseGcpMonitoring({ incident: { policy_name: "p", state: "pending" } })).toThrow(
      /incident.state/,
    );
  });
});

describe("generic", () => {
  it("reads the documented fields and their synonyms", () => {
    const [alert] = parseGeneric({
      title: "Queue backlog",
      status: "alerting",
      level: "P1",
      message: "12000 messages waiting",
      url: "https://grafana.example.com/d/queue",
      host: "worker-3",
      timestamp: 1774440000,
      details: { queue: "orders", depth: 12000, paused: false },
    });
    expectShape(alert!);
    expect(alert).toMatchObject({
      source: "generic",
      name: "Queue backlog",
      state: "firing",
      severity: "critical",
      summary: "12000 messages waiting",
      link: "https://grafana.example.com/d/queue",
      resource: "worker-3",
      time: "2026-03-25T12:00:00.000Z",
      details: { queue: "orders", depth: "12000", paused: "false" },
      key: "generic:Queue backlog:worker-3",
    });
    expect(parseGeneric({ name: "x", state: "resolved", key: "abc" })[0]).toMatchObject({
      state: "resolved",
      severity: "warning",
      key: "generic:abc",
    });
  });

  it("says what is wrong", () => {
    expect(() => parseGeneric({ state: "firing" })).toThrow(/"name" \(or "title"\) is required/);
    expect(() => parseGeneric({ name: "x", state: "sideways" })).toThrow(
      /state must be "firing" or "resolved"/,
    );
    expect(() => parseGeneric({ name: "x", severity: "spicy" })).toThrow(
      /unknown severity "spicy"/,
    );
    expect(() => parseGeneric({ name: "x", link: "javascript:alert(1)" })).toThrow(/http\(s\) URL/);
    expect(() => parseGeneric({ name: "x", details: "text" })).toThrow(/details must be an object/);
    expect(() => parseGeneric([])).toThrow(/must be a JSON object/);
  });
});

describe("source names", () => {
  it("serves each HTTP source and the native ones by name", () => {
    expect(Object.keys(HTTP_SOURCES).sort()).toEqual([
      "azure-monitor",
      "cloudwatch",
      "gcp-monitoring",
      "generic",
      "uptimerobot",
    ]);
    expect(Object.keys(NATIVE_SOURCES)).toEqual(
      expect.arrayContaining(["cloudwatch-sns", "cloudwatch-eventbridge"]),
    );
  });
});
