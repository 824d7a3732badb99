// @catops/core/outbound: the retrying JSON poster connectors send replies with, and its readings
// of an answer. An entry of its own: a connector loads its sending code on its first outgoing
// call, and a bundle reaches this module only from there, never from the cold path (a re-export
// from the main entry would tie it to every bundle that imports the main entry). Its types are
// the main entry's.
export {
  clipDetail,
  hostAndFirstSegment,
  httpVerdict,
  jsonErrorVerdict,
  postJson,
  retryAfterMs,
} from "./http/outbound.js";
