import { z } from '@strapi/utils';
import { ACTIONS } from '../../../shared/constants';
import {
  createFeedbackBody,
  deleteFeedbackBody,
  deleteFeedbackQuery,
  exportFeedbackQuery,
  feedbackDeletedResponse,
  feedbackEditedResponse,
  feedbackGiversResponse,
  feedbackListResponse,
  feedbackParams,
  feedbackResponse,
  importFeedbackBody,
  importFeedbackResponse,
  listFeedbackQuery,
  relabelFeedbackBody,
} from '../../../shared/contracts/feedback';
import {
  adminRoute,
  answeredWith,
  contentApiRoute,
  json,
  slug,
  type ResourceRoutes,
} from './route';

const create = {
  request: { ...slug, body: json(createFeedbackBody) },
  response: answeredWith('201 Created', feedbackResponse),
};
const FEEDBACK = '/models/:slug/feedback';

/** Labels: anyone with the right gives one; curators list, correct, import and export them. */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', FEEDBACK, 'admin-feedback.find', ACTIONS.read, {
      request: { ...slug, query: listFeedbackQuery.partial().shape },
      response: feedbackListResponse,
    }),
    adminRoute('POST', FEEDBACK, 'admin-feedback.create', ACTIONS.read, create),
    adminRoute('GET', `${FEEDBACK}/givers`, 'admin-feedback.givers', ACTIONS.read, {
      request: slug,
      response: feedbackGiversResponse,
    }),
    adminRoute('GET', `${FEEDBACK}/export`, 'admin-feedback.export', ACTIONS.read, {
      request: { ...slug, query: exportFeedbackQuery.partial().shape },
      response: z.string().describe('The matching entries as JSONL or CSV (a file download).'),
    }),
    adminRoute('POST', `${FEEDBACK}/import`, 'admin-feedback.import', ACTIONS.curate, {
      request: { ...slug, body: json(importFeedbackBody) },
      response: importFeedbackResponse,
    }),
    adminRoute('PUT', `${FEEDBACK}/:documentId`, 'admin-feedback.update', ACTIONS.curate, {
      request: { params: feedbackParams.shape, body: json(relabelFeedbackBody) },
      response: feedbackEditedResponse,
    }),
    adminRoute('DELETE', `${FEEDBACK}/:documentId`, 'admin-feedback.delete', ACTIONS.curate, {
      request: {
        params: feedbackParams.shape,
        query: deleteFeedbackQuery.shape,
        body: json(deleteFeedbackBody),
      },
      response: feedbackDeletedResponse,
    }),
  ],
  contentApi: [contentApiRoute('POST', FEEDBACK, 'feedback.create', create)],
};

export default routes;
