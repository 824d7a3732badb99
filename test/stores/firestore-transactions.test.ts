// The whole store contract, concurrent writers included, against Google's own Firestore
// emulator: compare-and-set on Firestore is a transaction, and only that emulator isolates them.
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import type { Store } from "@catops/core";
import { vi } from "vitest";
import { storeContract } from "../contracts/store.ts";
import type { FirestoreEmulator } from "../gcp/firestore-emulator.ts";
import {
  GOOGLE_FIRESTORE_EMULATOR,
  hasGoogleFirestoreEmulator,
  startGoogleFirestoreEmulator,
} from "../gcp/google-firestore-emulator.ts";

// The emulator answers in milliseconds when idle, but a contended transaction waits out the
// client's retry backoff, and a busy machine slows the JVM: time limits, not timed assertions.
vi.setConfig({ testTimeout: 60_000 });

let emulator: FirestoreEmulator | undefined;
let store: Store;
let clock = Date.now();

// The emulator comes from Google's apt repository (google-cloud-cli-firestore-emulator), which
// this project's machines carry and a plain clone's may not: there the suite is skipped, and
// says why. The Node protocol server in firestore.test.ts runs everywhere.
if (!hasGoogleFirestoreEmulator)
  console.warn(`skipped: Google's Firestore emulator is not at ${GOOGLE_FIRESTORE_EMULATOR}`);

storeContract("firestore (Google's emulator)", {
  available: hasGoogleFirestoreEmulator,
  setup: async () => {
    emulator = await startGoogleFirestoreEmulator();
    store = createFirestoreStore({
      firestore: emulator.client(),
      collection: "contract",
      now: () => clock,
    });
  },
  teardown: async () => {
    await emulator?.stop();
  },
  create: () => store,
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});
