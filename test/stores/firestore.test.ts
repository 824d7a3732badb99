// The store contract against Firestore's wire protocol: the real @google-cloud/firestore client
// talking gRPC to a Firestore protocol server (@firestore-emulator/server) on loopback, whose
// transactions the tests make isolate writers (../gcp/isolated-transactions.ts); the same
// contract runs against Google's own emulator where it is installed (firestore-transactions).
import { createFirestoreStore, documentId } from "@catops/gcp-functions/firestore";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FirestoreEmulator, startFirestoreEmulator } from "../gcp/firestore-emulator.ts";
import { firestoreStoreContract } from "./firestore-contract.ts";

// The client's first call sets up its gRPC channel, which a busy machine can slow past vitest's
// default 5 s: a time limit, not a timed assertion.
vi.setConfig({ testTimeout: 30_000 });

firestoreStoreContract("firestore", startFirestoreEmulator);

describe("firestore store", () => {
  let local: FirestoreEmulator;
  beforeAll(async () => {
    local = await startFirestoreEmulator();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it("keeps keys with '/', '%', '.' and '__' as distinct documents", async () => {
    const firestore = local.client();
    const keys = ["a/b", "a%2Fb", ".", "..", "__name__", "job:1/2"];
    const s = createFirestoreStore({ firestore, collection: "keys" });
    for (const [i, key] of keys.entries()) await s.set(key, i);
    for (const [i, key] of keys.entries()) expect(await s.get(key)).toBe(i);
    const ids = (await firestore.collection("keys").get()).docs.map((doc) => doc.id);
    expect(ids.sort()).toEqual(keys.map(documentId).sort());
    expect(ids.every((id) => !id.includes("/"))).toBe(true);
    expect(new Set(ids).size).toBe(keys.length);
  });

  it("writes expiresAt as a Timestamp for the TTL policy, and clears it on a later set", async () => {
    const firestore = local.client();
    const now = 1_900_000_000_000;
    const s = createFirestoreStore({ firestore, collection: "ttl", now: () => now });
    await s.set("k", { v: 1 }, { ttlSeconds: 30 });
    const stored = (await firestore.collection("ttl").doc("k").get()).data()!;
    expect(stored.key).toBe("k");
    expect(stored.expiresAt.toMillis()).toBe(now + 30_000);
    await s.set("k", { v: 2 });
    expect((await firestore.collection("ttl").doc("k").get()).data()!.expiresAt).toBeNull();
    expect(await s.get("k")).toEqual({ v: 2 });
  });

  it("answers a compare-and-set that lost every attempt to other writers false", async () => {
    const firestore = local.client();
    const s = createFirestoreStore({ firestore, collection: "contended" });
    const other = createFirestoreStore({ firestore: local.client(), collection: "contended" });
    await s.set("k", 1);
    const read = await s.getVersioned!<number>("k");
    // Another writer lands between each attempt's read and its commit, writing the same value:
    // the version still matches when read, and every commit is aborted.
    const run = firestore.runTransaction.bind(firestore);
    let attempts = 0;
    firestore.runTransaction = ((update: (t: unknown) => Promise<unknown>, options?: object) =>
      run(async (transaction) => {
        attempts++;
        const result = await update(transaction);
        await other.set("k", 1);
        return result;
      }, options)) as typeof firestore.runTransaction;
    expect(await s.setIfVersion!("k", 2, read!.version)).toBe(false);
    expect(attempts).toBeGreaterThan(1);
    expect(await s.get("k")).toBe(1);
  });

  it("leaves out expired entries when listing", async () => {
    let now = 1_900_000_000_000;
    const s = createFirestoreStore({
      firestore: local.client(),
      collection: "list",
      now: () => now,
    });
    await s.set("job:a", 1, { ttlSeconds: 5 });
    await s.set("job:b", 2);
    now += 10_000;
    expect(await s.list!("job:")).toEqual([{ key: "job:b", value: 2 }]);
  });
});
