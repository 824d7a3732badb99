import { createMemoryStore } from "@catops/core";
import { storeContract } from "../contracts/store.ts";

let clock = 1_700_000_000_000;
const store = createMemoryStore({ now: () => clock });

storeContract("memory", {
  create: () => store,
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});
