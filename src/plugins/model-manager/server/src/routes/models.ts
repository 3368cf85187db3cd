import { ACTIONS } from '../../../shared/constants';
import {
  createModelBody,
  listModelsResponse,
  modelResponse,
  paginationQuery,
  updateModelBody,
} from '../../../shared/contracts/models';
import {
  adminRoute,
  answeredWith,
  contentApiRoute,
  json,
  slug,
  type ResourceRoutes,
} from './route';

// Query parameters with a server default are optional to the caller, hence `.partial()`.
const find = {
  request: { query: { pagination: paginationQuery.partial() } },
  response: listModelsResponse,
};
const create = {
  request: { body: json(createModelBody) },
  response: answeredWith('201 Created', modelResponse),
};
const findOne = { request: slug, response: modelResponse };
const update = { request: { ...slug, body: json(updateModelBody) }, response: modelResponse };

const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models', 'admin-models.find', ACTIONS.read, find),
    adminRoute('POST', '/models', 'admin-models.create', ACTIONS.upload, create),
    adminRoute('GET', '/models/:slug', 'admin-models.findOne', ACTIONS.read, findOne),
    // What trains the model (trainOnReaders) is a training decision.
    adminRoute('PUT', '/models/:slug', 'admin-models.update', ACTIONS.train, update),
  ],
  contentApi: [
    contentApiRoute('GET', '/models', 'models.find', find),
    contentApiRoute('POST', '/models', 'models.create', create),
    contentApiRoute('GET', '/models/:slug', 'models.findOne', findOne),
    contentApiRoute('PUT', '/models/:slug', 'models.update', update),
  ],
};

export default routes;
