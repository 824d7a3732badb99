// Transactions that isolate writers, for the Node Firestore protocol server. That server hands
// every transaction the same id and commits without looking at what the transaction read, so two
// read-modify-write transactions on one document both commit and one update is lost, which
// Firestore itself never allows. This gives the server Firestore's guarantee the optimistic way:
// each transaction gets an id of its own, the documents it reads are noted with how many times
// each had been written, and a commit after any of them was written again is ABORTED, which the
// client answers by running the transaction again.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { FirestoreServer } from "@firestore-emulator/server";

const SERVICE = "/google.firestore.v1.Firestore";
/** gRPC's status for a transaction that lost to a concurrent write. */
const ABORTED = 10;

interface Handler {
  func: (...args: any[]) => void;
}
interface Write {
  has_update: boolean;
  update: { name: string };
  delete: string;
}

export function isolateTransactions(emulator: FirestoreServer): void {
  const { BatchGetDocumentsResponse } = createRequire(
    import.meta.resolve("@firestore-emulator/server"),
  )("@firestore-emulator/proto/dist/google/firestore/v1/firestore") as {
    BatchGetDocumentsResponse: { fromObject(value: { transaction: Uint8Array }): unknown };
  };
  const internals = emulator as unknown as {
    server: { handlers: Map<string, Handler> };
    state: { writeV1Document(date: Date, write: Write): unknown };
  };
  const handler = (method: string) => internals.server.handlers.get(`${SERVICE}/${method}`)!;

  /** How many times each document (by full name) has been written. */
  const writes = new Map<string, number>();
  /** Open transactions by id (hex): each document read, with its write count when read. */
  const open = new Map<string, Map<string, number>>();
  const written = (name: string) => writes.get(name) ?? 0;
  const idOf = (bytes: Uint8Array | undefined) =>
    bytes?.length ? Buffer.from(bytes).toString("hex") : undefined;
  const begin = () => {
    const bytes = randomBytes(12);
    open.set(bytes.toString("hex"), new Map());
    return bytes;
  };

  const writeDocument = internals.state.writeV1Document.bind(internals.state);
  internals.state.writeV1Document = (date, write) => {
    const result = writeDocument(date, write);
    const name = write.has_update ? write.update.name : write.delete;
    writes.set(name, written(name) + 1);
    return result;
  };

  const beginTransaction = handler("BeginTransaction");
  const beginOriginal = beginTransaction.func;
  beginTransaction.func = (call, callback: (error: null, response: unknown) => void) =>
    beginOriginal(call, (error: unknown, response: { transaction: Uint8Array }) => {
      if (!error) response.transaction = begin();
      callback(error as null, response);
    });

  // A transaction's first read starts it (the client's `new_transaction`): the answer carries
  // the new id in place of the server's shared one.
  const batchGet = handler("BatchGetDocuments");
  const batchGetOriginal = batchGet.func;
  batchGet.func = (call) => {
    const request = call.request as {
      has_new_transaction: boolean;
      transaction?: Uint8Array;
      documents: string[];
    };
    let id = idOf(request.transaction);
    if (request.has_new_transaction) {
      const bytes = begin();
      id = bytes.toString("hex");
      const write = call.write.bind(call);
      call.write = (message: { transaction?: Uint8Array }) =>
        write(
          message.transaction?.length
            ? BatchGetDocumentsResponse.fromObject({ transaction: bytes })
            : message,
        );
    }
    const reads = id ? open.get(id) : undefined;
    for (const name of request.documents)
      if (reads && !reads.has(name)) reads.set(name, written(name));
    batchGetOriginal(call);
  };

  const commit = handler("Commit");
  const commitOriginal = commit.func;
  commit.func = (call, callback: (error: { code: number; details: string } | null) => void) => {
    const id = idOf((call.request as { transaction?: Uint8Array }).transaction);
    const reads = id ? open.get(id) : undefined;
    if (id) open.delete(id);
    for (const [name, count] of reads ?? [])
      if (written(name) !== count)
        return callback({
          code: ABORTED,
          details: `${name} was written since the transaction read it`,
        });
    commitOriginal(call, callback);
  };

  const rollback = handler("Rollback");
  const rollbackOriginal = rollback.func;
  rollback.func = (call, callback) => {
    const id = idOf((call.request as { transaction?: Uint8Array }).transaction);
    if (id) open.delete(id);
    rollbackOriginal(call, callback);
  };
}
