// The whole store contract, concurrent writers included, against Google's own Firestore
// emulator: compare-and-set on Firestore is a transaction, and this is the reference for how
// transactions isolate writers (the Node protocol server's isolation is the tests' own,
// ../gcp/isolated-transactions.ts).
import { vi } from "vitest";
import {
  GOOGLE_FIRESTORE_EMULATOR,
  hasGoogleFirestoreEmulator,
  startGoogleFirestoreEmulator,
} from "../gcp/google-firestore-emulator.ts";
import { firestoreStoreContract } from "./firestore-contract.ts";

// The emulator answers in milliseconds when idle, but a contended transaction waits out the
// client's retry backoff, and a busy machine slows the JVM: time limits, not timed assertions.
vi.setConfig({ testTimeout: 60_000 });

// The emulator comes from Google's apt repository (google-cloud-cli-firestore-emulator), which
// this project's machines carry and a plain clone's may not: there the suite is skipped, and
// says why. The Node protocol server in firestore.test.ts runs everywhere.
if (!hasGoogleFirestoreEmulator)
  console.warn(`skipped: Google's Firestore emulator is not at ${GOOGLE_FIRESTORE_EMULATOR}`);

firestoreStoreContract("firestore (Google's emulator)", startGoogleFirestoreEmulator, {
  available: hasGoogleFirestoreEmulator,
});
