// @catops/redis: CatOps state on Redis, for many Node replicas sharing one server.

// Store
export { createRedisStore } from "./store.js";
export type { RedisStore, RedisStoreOptions } from "./store.js";
