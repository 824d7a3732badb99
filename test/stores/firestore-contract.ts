// The store contract on a Firestore emulator, whichever one `start` brings up: the Node protocol
// server (everywhere) or Google's own (transactions that isolate writers).
import type { Store } from "@catops/core";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import { type StoreContractOptions, storeContract } from "../contracts/store.ts";
import type { FirestoreEmulator } from "../gcp/firestore-emulator.ts";

export function firestoreStoreContract(
  name: string,
  start: () => Promise<FirestoreEmulator>,
  options: Partial<StoreContractOptions> = {},
): void {
  let emulator: FirestoreEmulator | undefined;
  let store: Store;
  let clock = Date.now();
  storeContract(name, {
    setup: async () => {
      emulator = await start();
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
    ...options,
  });
}
