import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'comments-test-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'comments-test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'comments-test-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'comments-test-encryption-key') },
});

export default config;
