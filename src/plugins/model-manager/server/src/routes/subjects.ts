import { ACTIONS } from '../../../shared/constants';
import {
  subjectParams,
  subjectPredictionResponse,
  subjectTypesResponse,
} from '../../../shared/contracts/subject-prediction';
import { adminRoute, type ResourceRoutes } from './route';

/** The content types the app registered as subjects, and an entry's prediction (Content Manager panel). */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/subjects', 'admin-subjects.types', ACTIONS.read, {
      response: subjectTypesResponse,
    }),
    adminRoute(
      'GET',
      '/subjects/:type/:documentId/prediction',
      'admin-subjects.prediction',
      ACTIONS.read,
      { request: { params: subjectParams.shape }, response: subjectPredictionResponse }
    ),
  ],
  contentApi: [],
};

export default routes;
