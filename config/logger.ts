import { formats, winston } from '@strapi/logger';

// STRAPI_LOG_LEVEL quiets the console (the test suite sets "warn"). It is set on the logger itself,
// not only on the transport, so that filtered messages (one "http" line per request) are never
// formatted at all: that formatting shows up in a predict profile.
const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

export default {
  level,
  format: formats.prettyPrint(),
  transports: [new winston.transports.Console({ level })],
};
