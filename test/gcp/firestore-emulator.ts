// A Firestore protocol server for tests: @firestore-emulator/server (a gRPC implementation of
// Firestore's v1 API in Node), bound to a free loopback port, its transactions made to isolate
// concurrent writers as Firestore's do (isolated-transactions.ts).
import { createRequire } from "node:module";
import { FirestoreServer } from "@firestore-emulator/server";
import type { Firestore as FirestoreClient } from "@google-cloud/firestore";
import { Firestore } from "@google-cloud/firestore";
import { isolateTransactions } from "./isolated-transactions.ts";
import { NO_METADATA_SERVER } from "./offline.ts";

interface GrpcServer {
  bindAsync(
    address: string,
    credentials: unknown,
    callback: (error: Error | null, port: number) => void,
  ): void;
}

export interface FirestoreEmulator {
  /** 127.0.0.1:<port>, the value FIRESTORE_EMULATOR_HOST takes. */
  host: string;
  /** Environment for a process whose Firestore client should use this server. */
  env: Record<string, string>;
  /** A client pointed at it. */
  client(projectId?: string): FirestoreClient;
  stop(): Promise<void>;
}

export async function startFirestoreEmulator(): Promise<FirestoreEmulator> {
  Object.assign(process.env, NO_METADATA_SERVER);
  const emulator = new FirestoreServer();
  isolateTransactions(emulator);
  // The package binds 0.0.0.0 in start(); bind its gRPC server to loopback instead, with the
  // grpc-js copy it was built against.
  const grpc = createRequire(import.meta.resolve("@firestore-emulator/server"))(
    "@grpc/grpc-js",
  ) as { ServerCredentials: { createInsecure(): unknown } };
  const server = (emulator as unknown as { server: GrpcServer }).server;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return emulatorAt(`127.0.0.1:${port}`, async () => emulator.stop());
}

/** A Firestore emulator at `host`: its env, clients pointed at it, and a stop that ends both. */
export function emulatorAt(host: string, stopServer: () => Promise<void>): FirestoreEmulator {
  const clients: FirestoreClient[] = [];
  return {
    host,
    env: {
      ...NO_METADATA_SERVER,
      FIRESTORE_EMULATOR_HOST: host,
      GOOGLE_CLOUD_PROJECT: "catops-test",
    },
    client(projectId = "catops-test") {
      const client = new Firestore({
        projectId,
        host,
        ssl: false,
        customHeaders: { Authorization: "Bearer owner" },
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.terminate()));
      await stopServer();
    },
  };
}
