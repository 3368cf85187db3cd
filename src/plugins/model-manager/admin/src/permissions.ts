import { ACTIONS } from '../../shared/constants';

/** Permission sets for Page.Protect, the menu link and the permission hooks. */
export const PERMISSIONS = {
  read: [{ action: ACTIONS.read, subject: null }],
  upload: [{ action: ACTIONS.upload, subject: null }],
  train: [{ action: ACTIONS.train, subject: null }],
  review: [{ action: ACTIONS.review, subject: null }],
  deploy: [{ action: ACTIONS.deploy, subject: null }],
  curate: [{ action: ACTIONS.curate, subject: null }],
  readTexts: [{ action: ACTIONS.readTexts, subject: null }],
};
