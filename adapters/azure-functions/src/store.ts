// The Azure Table store: the entry of store/.
export { escapeKey, unescapeKey } from "./store/keys.js";
export { createTableStore } from "./store/tables.js";
export type { TableStoreOptions } from "./store/tables.js";
