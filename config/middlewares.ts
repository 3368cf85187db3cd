import os from 'os';
import type { Core } from '@strapi/strapi';
import { maxArtifactBytes } from './limits';

// The model-manager plugin places its own three middlewares (its server/src/middlewares/placement.ts).
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'global::malformed-body',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  // The reader's page at /partisan/ (the demo's, not the plugin's): after security, so it gets its headers.
  'global::partisan-reader',
  'strapi::query',
  // Batch predictions of a few thousand texts exceed koa-body's 1 MB default. Files stop at the
  // upload limit while being written; they go to $TMPDIR, read through Strapi's env like the rest.
  {
    name: 'strapi::body',
    config: {
      jsonLimit: '8mb',
      formLimit: '8mb',
      textLimit: '8mb',
      formidable: { maxFileSize: maxArtifactBytes(env), uploadDir: env('TMPDIR', os.tmpdir()) },
    },
  },
  // Strapi's session, but in this place of the chain (src/middlewares/session.ts says why).
  'global::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
