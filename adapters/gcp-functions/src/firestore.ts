// The `@catops/gcp-functions/firestore` subpath: the Firestore store, kept off the main entry so
// the Firestore client loads only for bots that use it.
export { createFirestoreStore, documentId } from "./store.js";
export type { FirestoreStoreOptions } from "./store.js";
