import type { Core } from '@strapi/strapi';
import { secret } from './secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtSecret: secret('JWT_SECRET', env('JWT_SECRET')),
    },
  },
  // Without `enabled: true` and `resolve`, Strapi silently drops a local plugin.
  'model-manager': {
    enabled: true,
    resolve: './src/plugins/model-manager',
    config: {
      dataDir: env('MODEL_MANAGER_DATA_DIR', '../shared/data'),
    },
  },
});

export default config;
