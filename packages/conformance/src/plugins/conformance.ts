// The commands the conformance matrix runs through every adapter. Web APIs only, so the same
// file loads in Node, in a child process and bundled into workerd.
import { command } from "@catops/core";
import { OPS_CHANNELS } from "../channels.ts";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("cancelled"));
    });
  });

/** The seed's plugin shape: a plain function. */
export function hi() {
  return "Meow!";
}

export const boom = command({
  description: "Fails on purpose",
  run: () => {
    // A message whose later lines look like a stack: none of it but the first line may reach chat.
    throw new Error(
      "the pump would not start\n    at startPump (plugins/conformance.ts:21:11)\nsee the stack for details",
    );
  },
});

export const slow = command({
  description: "Runs in the background and answers late",
  defer: true,
  flags: { ms: { type: "number", default: 300, description: "how long it works" } },
  run: async ({ flags, signal }) => {
    await sleep(Number(flags.ms), signal);
    return "slow done";
  },
});

export const sleepy = command({
  description: "Takes longer than the deadline without asking to be deferred",
  // Longer than every row's deadline, the Lambda rows' longer one included.
  flags: { ms: { type: "number", default: 2000, description: "how long it works" } },
  run: async ({ flags }) => {
    await sleep(Number(flags.ms));
    return "sleepy done";
  },
});

export const careful = command({
  description: "Asks before it runs",
  confirm: true,
  run: () => "careful done",
});

export const guarded = command({
  description: "Only for the ops lead",
  allow: { users: ["UOPSLEAD"] },
  run: () => "guarded done",
});

export const long = command({
  description: "A job that runs until it is cancelled (at most 8 s)",
  defer: true,
  run: async ({ signal }) => {
    await sleep(8000, signal);
    return "long done";
  },
});

export const scale = command({
  description: "Scales a service (a form asks for what is missing)",
  args: { service: { required: true, description: "the service" } },
  flags: { replicas: { type: "number", default: 2, description: "how many" } },
  run: ({ args, flags }) => `scaled ${args.service} to ${flags.replicas}`,
});

export const greet = command({
  description: "Greets someone, typed positionally or in a natural format",
  args: { who: { required: true } },
  flags: { word: { default: "hello", description: "the greeting" } },
  formats: ["greet {who} saying {word}", "wave at {who}"],
  run: ({ args, flags }) => `${flags.word}, ${args.who}`,
});

export const ship = command({
  description: "Ships a release: for the shippers group, granted from chat with `access grant`",
  allow: { groups: ["shippers"] },
  run: () => "shipped",
});

export const login = command({
  description: "Logs in to a service with a token (a secret flag), in the background",
  args: { service: { required: true } },
  flags: { token: { secret: true, description: "the service's token" } },
  defer: true,
  run: ({ args }) => `logged in to ${args.service}`,
});

export const rebuild = command({
  description: "Rebuilds an index: a job that asks for the runtime's queue where it has one",
  defer: "long",
  run: async () => {
    await sleep(300);
    return "rebuild done";
  },
});

export const opsroom = command({
  description:
    "Only in the ops channel: matched by its id, and by its name only where names are signed",
  allow: {
    channels: [OPS_CHANNELS.mattermost, OPS_CHANNELS.discord],
    channelNames: [OPS_CHANNELS.name],
  },
  run: () => "in the ops room",
});

/** Fired by each row through its runtime's scheduled entry point; posts "Meow!" to its channel. */
export const schedules = [
  { name: "conformance-hi", schedule: "* * * * *", run: "hi", channel: "CSCHEDULE01" },
];
