// Replica processes of the scaled bot on one PostgreSQL, and a round-robin loopback proxy in
// front of them, as a load balancer would be.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { JobRecord } from "@catops/core";

export interface Replica {
  index: number;
  pid: number;
  url: string;
  child: ChildProcess;
  job(id: string): Promise<JobRecord | null>;
  stop(): Promise<void>;
}

export async function startReplica(
  script: string,
  index: number,
  env: Record<string, string>,
  cwd?: string,
): Promise<Replica> {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<string, ((message: any) => void)[]>();
  child.on("message", (message: { type: string }) => waiting.get(message.type)?.shift()?.(message));
  const expect = (type: string) =>
    new Promise<any>((resolve) => waiting.set(type, [...(waiting.get(type) ?? []), resolve]));
  const ready = await Promise.race([
    expect("ready"),
    new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`replica ${index} exited with ${code}`))),
    ),
  ]);
  return {
    index,
    pid: child.pid!,
    url: `http://127.0.0.1:${ready.port}`,
    child,
    async job(id) {
      const answer = expect("job");
      child.send({ type: "job", id });
      return (await answer).job;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

export interface LoadBalancer {
  url: string;
  /** How many requests each target was sent. */
  counts: number[];
  close(): Promise<void>;
}

/**
 * Sends each request to the next live target in turn. `x-replica: <index>` pins a request to
 * one target (for a cancel that must land on a replica other than the job's).
 */
export async function startRoundRobinProxy(targets: () => Replica[]): Promise<LoadBalancer> {
  let next = 0;
  const counts: number[] = [];
  // Connections to the replicas are kept open, as a load balancer keeps them, but dropped after
  // 2 s idle: well before the server's own 5 s, so none is reused as the server closes it.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 2000 });
  const server: Server = createServer((req, res) => {
    const live = targets().filter((t) => t.child.exitCode === null && t.child.signalCode === null);
    const pinned = req.headers["x-replica"];
    const target = pinned !== undefined ? targets()[Number(pinned)]! : live[next++ % live.length]!;
    counts[target.index] = (counts[target.index] ?? 0) + 1;
    const { port } = new URL(target.url);
    const upstream = httpRequest(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502).end("upstream failed");
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
