// Everyday ops commands. fetch-based and free of Node APIs, so they run in every runtime.
import { command } from "@catops/core";

export const whoami = command({
  description: "Show who CatOps thinks you are",
  run: ({ user, channel, team, event }) => ({
    text: `You are ${user?.name ? `${user.name} (${user.id})` : (user?.id ?? "unknown")}${
      channel ? ` in ${channel.name ? `#${channel.name}` : channel.id}` : ""
    }${team ? ` on ${team.domain ?? team.id}` : ""}, via ${event.source ?? "unknown"}.`,
    visibility: "ephemeral",
  }),
});

export const echo = command({
  description: "Repeat the text back to the channel",
  args: { text: { required: true, rest: true } },
  run: ({ args }) => String(args.text),
});

export const check = command({
  description: "HTTP health check of a URL: status and latency",
  args: { url: { required: true, description: "http(s) URL to fetch" } },
  flags: {
    timeout: { type: "number", default: 5000, description: "ms before giving up" },
    expect: { type: "number", default: 200, description: "the status that counts as healthy" },
  },
  run: async ({ args, flags, signal }) => {
    const url = String(args.url);
    if (!/^https?:\/\//i.test(url)) throw new Error(`not an http(s) URL: ${url}`);
    const started = Date.now();
    const timeout = AbortSignal.timeout(Number(flags.timeout));
    const response = await fetch(url, {
      signal: AbortSignal.any([signal, timeout]),
      redirect: "manual",
    });
    await response.body?.cancel();
    const ms = Date.now() - started;
    const healthy = response.status === flags.expect;
    return {
      attachments: [
        {
          level: healthy ? "success" : "error",
          title: `${healthy ? "UP" : "DOWN"}: ${url}`,
          fields: [
            { title: "Status", value: String(response.status), short: true },
            { title: "Latency", value: `${ms} ms`, short: true },
          ],
        },
      ],
    };
  },
});

export const deploy = command({
  description: "Deploy a service to an environment",
  args: { service: { required: true, description: "the service to deploy" } },
  flags: {
    env: { choices: ["staging", "prod"], default: "staging", short: "e" },
    version: { description: "the version to deploy", default: "latest" },
  },
  // `deploy api to prod` as well as `deploy api --env prod`.
  formats: ["deploy {service} to {env}"],
  confirm: true,
  defer: true,
  run: async ({ args, flags, progress, signal }) => {
    for (const step of ["build", "push", "rollout"]) {
      if (signal.aborted) throw new Error("cancelled");
      await progress(`${step}…`);
    }
    return `Deployed ${args.service}@${flags.version} to ${flags.env}.`;
  },
});
