import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET', 'comments-test-jwt-secret') },
  },
  'model-manager': {
    enabled: true,
    // Relative to this app's folder (Strapi resolves a path that is not a package from the app root).
    resolve: '../../../src/plugins/model-manager',
    config: {
      subjects: [
        {
          uid: 'api::comment.comment',
          textFields: ['body'],
          titleField: 'body',
          model: 'spam',
          tag: { field: 'moderatorTag', dataset: 'moderation' },
          prediction: {
            label: 'predictedLabel',
            probabilities: 'predictedProbabilities',
            by: 'predictedBy',
          },
        },
      ],
    },
  },
});

export default config;
