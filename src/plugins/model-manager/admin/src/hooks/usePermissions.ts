import { useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';

// One stable array: useRBAC re-checks whenever the identity of its argument changes.
const ALL = [
  ...PERMISSIONS.read,
  ...PERMISSIONS.upload,
  ...PERMISSIONS.train,
  ...PERMISSIONS.review,
  ...PERMISSIONS.deploy,
  ...PERMISSIONS.curate,
  ...PERMISSIONS.readTexts,
];

/** What the current admin may do in the plugin; the server refuses anyway, this only hides buttons. */
export function usePermissions() {
  const { allowedActions, isLoading } = useRBAC(ALL);
  return {
    isLoading,
    read: !!allowedActions.canRead,
    upload: !!allowedActions.canUpload,
    train: !!allowedActions.canTrain,
    review: !!allowedActions.canReview,
    deploy: !!allowedActions.canDeploy,
    curate: !!allowedActions.canCurate,
    readTexts: !!allowedActions.canReadTexts,
  };
}

export type Permissions = ReturnType<typeof usePermissions>;
