// @catops/gcp-functions/firestore: a CatOps store on Firestore. One document per key in one
// collection: { key, value (JSON text), expiresAt (Timestamp or null) }. Firestore's TTL policy on
// `expiresAt` removes expired documents eventually; reads ignore them at once.
import type { Store } from "@catops/core";
import type { DocumentSnapshot, Firestore } from "@google-cloud/firestore";

export interface FirestoreStoreOptions {
  /** A client; `new Firestore()` from `@google-cloud/firestore` (created on first use) when absent. */
  firestore?: Firestore | (() => Firestore | Promise<Firestore>);
  /** The collection holding the keys. Default 'catops'. */
  collection?: string;
  /** ms since the epoch, for expiry. */
  now?: () => number;
}

/** gRPC status of a create() on an existing document. */
const ALREADY_EXISTS = 6;
/** gRPC status of a transaction that kept losing to concurrent writes past the client's retries. */
const ABORTED = 10;

interface StoredDocument {
  key: string;
  value: string;
  /** null when the value does not expire (written out, so a replacing write clears an old TTL). */
  expiresAt: Date | { toMillis(): number } | null;
}

export function createFirestoreStore(options: FirestoreStoreOptions = {}): Store {
  const collectionName = options.collection ?? "catops";
  const now = options.now ?? Date.now;
  let client: Promise<Firestore> | undefined;
  const db = () =>
    (client ??= resolveClient(options.firestore).catch((error: unknown) => {
      client = undefined; // a failed import or factory is tried again on the next call
      throw error;
    }));
  const doc = async (key: string) => (await db()).collection(collectionName).doc(documentId(key));

  const live = (snapshot: DocumentSnapshot): StoredDocument | undefined => {
    if (!snapshot.exists) return undefined;
    const data = snapshot.data() as StoredDocument;
    const expiresAt = data.expiresAt;
    if (expiresAt && millis(expiresAt) <= now()) return undefined;
    return data;
  };
  const record = (key: string, value: unknown, ttlSeconds?: number): StoredDocument => {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`store value for "${key}" is not JSON-serialisable`);
    return {
      key,
      value: text,
      expiresAt: ttlSeconds && ttlSeconds > 0 ? new Date(now() + ttlSeconds * 1000) : null,
    };
  };

  const store: Store = {
    async get<T>(key: string): Promise<T | undefined> {
      const found = live(await (await doc(key)).get());
      return found ? (JSON.parse(found.value) as T) : undefined;
    },

    async set(key, value, setOptions) {
      await (await doc(key)).set(record(key, value, setOptions?.ttlSeconds));
    },

    async setIfAbsent(key, value, setOptions) {
      const ref = await doc(key);
      const data = record(key, value, setOptions?.ttlSeconds);
      try {
        await ref.create(data);
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
      }
      // The key exists: it counts as absent only if it has expired, decided in a transaction
      // so that two callers cannot both replace the same expired document.
      return (await db()).runTransaction(async (transaction) => {
        if (live(await transaction.get(ref))) return false;
        transaction.set(ref, data);
        return true;
      });
    },

    async getVersioned<T>(key: string) {
      const found = live(await (await doc(key)).get());
      // The version is the stored JSON text: a compare-and-set writes only over what was read.
      return found ? { value: JSON.parse(found.value) as T, version: found.value } : undefined;
    },

    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      const ref = await doc(key);
      const data = record(key, value, setOptions?.ttlSeconds);
      try {
        return await (await db()).runTransaction(async (transaction) => {
          if (live(await transaction.get(ref))?.value !== version) return false;
          transaction.set(ref, data);
          return true;
        });
      } catch (error) {
        // Another writer won each of the client's attempts: as for a changed version, the
        // caller reads again and decides again.
        if ((error as { code?: unknown }).code === ABORTED) return false;
        throw error;
      }
    },

    async delete(key) {
      await (await doc(key)).delete();
    },

    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      let query = (await db())
        .collection(collectionName)
        .where("key", ">=", prefix)
        .where("key", "<", `${prefix}\uf8ff`);
      if (listOptions?.limit) query = query.limit(listOptions.limit);
      const snapshot = await query.get();
      const entries: { key: string; value: T }[] = [];
      for (const document of snapshot.docs) {
        const found = live(document);
        if (found) entries.push({ key: found.key, value: JSON.parse(found.value) as T });
      }
      return entries;
    },

    async close() {
      if (client && !options.firestore) await (await client).terminate();
      client = undefined;
    },
  };
  return store;
}

/**
 * A Firestore document id for any key: ids cannot contain '/', cannot be '.' or '..', and
 * cannot look like `__name__`. '%' and '/' are percent-encoded everywhere, a leading '.' or
 * '_' too, so the mapping is one-to-one.
 */
export function documentId(key: string): string {
  if (key === "") throw new Error("store keys cannot be empty");
  return key
    .replace(/[%/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/^[._]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function millis(value: Date | { toMillis(): number }): number {
  return value instanceof Date ? value.getTime() : value.toMillis();
}

async function resolveClient(firestore: FirestoreStoreOptions["firestore"]): Promise<Firestore> {
  if (typeof firestore === "function") return firestore();
  if (firestore) return firestore;
  const { Firestore } = await import("@google-cloud/firestore");
  return new Firestore();
}
