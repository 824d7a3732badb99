// The parts of jose the Teams and Google Chat connectors use, in a module of their own so a
// dynamic import of it (bearer.ts `loadJose`) keeps the rest of jose out of every bundle.
export { createRemoteJWKSet, decodeJwt, importPKCS8, jwtVerify, SignJWT } from "jose";
