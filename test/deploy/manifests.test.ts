// The container build file and the Kubernetes manifests in deploy/: their syntax, and the fields
// that must agree with each other and with the server (ports, probe paths, secret names, the
// grace period against the template's drain). No container engine or cluster runs here; the
// probe paths are asked of a real Node server instead.
import { readFileSync } from "node:fs";
import { createNodeBot, serve } from "@catops/node";
import { createMemoryStore, silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

function manifest(path: string): any[] {
  const documents = parseAllDocuments(read(path));
  for (const document of documents) expect(document.errors, path).toEqual([]);
  return documents.map((document) => document.toJS());
}

const [deployment] = manifest("deploy/kubernetes/deployment.yaml");
const [service] = manifest("deploy/kubernetes/service.yaml");
const [secret] = manifest("deploy/kubernetes/secret.example.yaml");
const container = deployment.spec.template.spec.containers[0];

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerfile(): { instruction: string; args: string }[] {
  const logical = read("deploy/Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  return logical.map((line) => {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    return { instruction: instruction!, args: rest.join(" ") };
  });
}

describe("Kubernetes manifests", () => {
  it("are a Deployment, a Service and a Secret of the API versions clusters serve", () => {
    expect([deployment.apiVersion, deployment.kind]).toEqual(["apps/v1", "Deployment"]);
    expect([service.apiVersion, service.kind]).toEqual(["v1", "Service"]);
    expect([secret.apiVersion, secret.kind]).toEqual(["v1", "Secret"]);
    expect(deployment.spec.replicas).toBeGreaterThan(1);
  });

  it("select the pods they describe", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(labels).toMatchObject(service.spec.selector);
  });

  it("send traffic to the port the server listens on", () => {
    const port = container.ports.find((p: any) => p.name === service.spec.ports[0].targetPort);
    expect(port).toBeDefined();
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(Number(env.PORT)).toBe(port.containerPort);
    expect(env.CATOPS_HOST).toBe("0.0.0.0");
  });

  it("probe readiness on /readyz and liveness on /healthz, on the named port", () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
  });

  it("read every secret from the Secret, which names each key", () => {
    const refs = container.env
      .filter((e: any) => e.valueFrom?.secretKeyRef)
      .map((e: any) => e.valueFrom.secretKeyRef);
    expect(refs.map((ref: any) => ref.key).sort()).toEqual(
      ["CATOPS_DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"].sort(),
    );
    for (const ref of refs) {
      expect(ref.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData)).toContain(ref.key);
    }
    // No literal secret in the Deployment itself.
    const literal = container.env.filter((e: any) => /SECRET|TOKEN|DATABASE_URL/.test(e.name));
    expect(literal.every((e: any) => e.value === undefined)).toBe(true);
  });

  it("give the pod longer to stop than the server's drain takes", () => {
    const template = read("packages/cli/templates/node/src/server.ts");
    const drainMs = Number(/graceMs: ([\d_]+)/.exec(template)![1]!.replaceAll("_", ""));
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      drainMs + 5000,
    );
  });
});

describe("Dockerfile", () => {
  const KNOWN = new Set(
    "FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL".split(
      " ",
    ),
  );
  const lines = dockerfile();

  it("uses only Dockerfile instructions", () => {
    expect(lines.filter((line) => !KNOWN.has(line.instruction))).toEqual([]);
  });

  it("builds on Node 20 or newer and runs the template's build output as a user, not root", () => {
    const bases = lines.filter((line) => line.instruction === "FROM");
    for (const base of bases)
      expect(Number(/^node:(\d+)/.exec(base.args)?.[1])).toBeGreaterThanOrEqual(20);
    expect(lines.find((line) => line.instruction === "USER")?.args).toBe("node");
    const cmd = JSON.parse(lines.find((line) => line.instruction === "CMD")!.args);
    expect(cmd).toEqual(["node", "dist/server.js"]);
    expect(read("packages/cli/templates/node/scripts/build.mjs")).toContain(
      'outfile: "dist/server.js"',
    );
  });

  it("exposes the port the Deployment sends to, and checks /healthz", () => {
    expect(lines.find((line) => line.instruction === "EXPOSE")?.args).toBe(
      String(container.ports[0].containerPort),
    );
    expect(lines.find((line) => line.instruction === "HEALTHCHECK")?.args).toContain("/healthz");
  });
});

describe("the probe paths", () => {
  it("are served by the Node server: 200 while its store answers", async () => {
    const bot = await createNodeBot({
      store: "memory",
      logger: silentLogger,
      playground: false,
      env: {},
    });
    const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);
    } finally {
      await server.close({ graceMs: 100 });
    }
  });

  it("answer 503 with the reason when the store cannot keep what is written", async () => {
    const store = {
      ...createMemoryStore(),
      health: () => ({ ok: false, reason: "the database is unreachable" }),
    };
    const bot = await createNodeBot({ store, logger: silentLogger, playground: false, env: {} });
    const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([
        503,
        { ready: false, reason: "the database is unreachable" },
      ]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    } finally {
      await server.close({ graceMs: 100 });
    }
  });
});
