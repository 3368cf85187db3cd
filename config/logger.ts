import { formats, winston } from '@strapi/logger';

// STRAPI_LOG_LEVEL quiets the console (the test suite sets "warn"); the default is Strapi's "http".
const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

export default {
  transports: [new winston.transports.Console({ level, format: formats.prettyPrint() })],
};
