import { BatchedConsole, prettyLine } from '../src/logging';

// STRAPI_LOG_LEVEL quiets the console (the test suite sets "warn"). It is set on the logger itself,
// not only on the transport, so that filtered messages (one "http" line per request) are never
// formatted at all: that formatting shows up in a predict profile.
const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

// Strapi's own lines and levels (prettyPrint's format, to stdout), written cheaply: one format step,
// and the lines of up to 100 ms in one write (errors and warnings at once). At the default `http`
// level each request writes a line, and one write() per line cost 10-20 % of a fast predict
// (src/logging/, docs/operations.md).
export default {
  level,
  format: prettyLine(),
  transports: [new BatchedConsole({ level })],
};
