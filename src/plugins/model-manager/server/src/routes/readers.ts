import { ACTIONS } from '../../../shared/constants';
import {
  collectiveResponse,
  createCollectiveBody,
  followBody,
  followResponse,
  roleDefaultBody,
  roleDefaultResponse,
  roleDefaultsResponse,
} from '../../../shared/contracts/collective';
import {
  personalReadersResponse,
  personalResetResponse,
  personalStateResponse,
  readerTextsQuery,
  readerTextsResponse,
} from '../../../shared/contracts/personal';
import { listReadersQuery, readersListResponse } from '../../../shared/contracts/readers';
import {
  adminRoute,
  answeredWith,
  contentApiRoute,
  json,
  slug,
  type ResourceRoutes,
} from './route';

/**
 * Readers and what is theirs: personal models, collective models they follow, role defaults.
 * A reader's own routes answer the users-permissions JWT that calls; no path names anyone else.
 */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/readers', 'admin-readers.find', ACTIONS.read, {
      request: { query: listReadersQuery.partial().shape },
      response: readersListResponse,
    }),
    adminRoute('GET', '/models/:slug/personal-models', 'admin-personal.readers', ACTIONS.read, {
      request: slug,
      response: personalReadersResponse,
    }),
    adminRoute(
      'GET',
      '/models/:slug/personal-models/texts',
      'admin-personal.texts',
      ACTIONS.readTexts,
      {
        request: { ...slug, query: readerTextsQuery.partial().shape },
        response: readerTextsResponse,
      }
    ),
    adminRoute(
      'GET',
      '/models/:slug/role-defaults',
      'admin-collective.roleDefaults',
      ACTIONS.read,
      {
        request: slug,
        response: roleDefaultsResponse,
      }
    ),
    adminRoute(
      'PUT',
      '/models/:slug/role-defaults',
      'admin-collective.setRoleDefault',
      ACTIONS.deploy,
      { request: { ...slug, body: json(roleDefaultBody) }, response: roleDefaultResponse }
    ),
    adminRoute('POST', '/collective-models', 'admin-collective.create', ACTIONS.upload, {
      request: { body: json(createCollectiveBody) },
      response: answeredWith('201 Created', collectiveResponse),
    }),
    adminRoute('GET', '/collective-models/:slug', 'admin-collective.findOne', ACTIONS.read, {
      request: slug,
      response: collectiveResponse,
    }),
  ],
  contentApi: [
    contentApiRoute('GET', '/models/:slug/personal', 'personal.findOne', {
      request: slug,
      response: personalStateResponse,
    }),
    contentApiRoute('DELETE', '/models/:slug/personal', 'personal.reset', {
      request: slug,
      response: personalResetResponse,
    }),
    contentApiRoute('PUT', '/models/:slug/following', 'collective.follow', {
      request: { ...slug, body: json(followBody) },
      response: followResponse,
    }),
  ],
};

export default routes;
