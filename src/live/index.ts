// The live machine: kernel socket tables and their holders, or saved `ss` output.
export type { Capability, ListeningSocket, LiveProcess, LiveSnapshot, Protocol } from './types.js';
export { diskProcReader, type ProcReader } from './proc-reader.js';
export { readLiveSnapshot, type ProcOptions } from './snapshot.js';
export { readSocketTables, parseSocketTable, decodeEndpoint, canonicalAddress } from './net.js';
export { parseSsOutput, SsParseError } from './ss.js';
export { waitForFreePort, parseDuration, type WaitResult } from './wait.js';
export { appTrees, isAppCommand, APP_SERVERS, type AppTree } from './apps.js';
export {
  socketsOnPort,
  holdersOfPort,
  topHolders,
  unnamedSockets,
  isNginx,
  commandText,
  describeProcess,
  describeUnnamed,
  stopAdvice,
  stopCommand,
  formatEndpoint,
  processOf,
} from './holders.js';
