// The D1 store: the entry of store/ (KV is eventually consistent, so no store is built on it).
export { createD1Store, d1StoreSchema } from "./store/d1.js";
export type { D1StoreOptions } from "./store/d1.js";
