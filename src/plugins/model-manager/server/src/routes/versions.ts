import { ACTIONS } from '../../../shared/constants';
import {
  artifactResponse,
  notesBody,
  versionDetailResponse,
} from '../../../shared/contracts/version-page';
import {
  uploadBody,
  versionListResponse,
  versionResponse,
} from '../../../shared/contracts/versions';
import {
  adminRoute,
  answeredWith,
  contentApiRoute,
  json,
  slug,
  version,
  type ResourceRoutes,
} from './route';

const find = { request: slug, response: versionListResponse };
const create = {
  request: { ...slug, body: { 'multipart/form-data': uploadBody } },
  response: answeredWith('201 Created', versionResponse),
};
const findOne = { request: version, response: versionResponse };

const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/versions', 'admin-versions.find', ACTIONS.read, find),
    adminRoute('POST', '/models/:slug/versions', 'admin-versions.create', ACTIONS.upload, create),
    adminRoute(
      'GET',
      '/models/:slug/versions/:number',
      'admin-versions.findOne',
      ACTIONS.read,
      findOne
    ),
    adminRoute(
      'GET',
      '/models/:slug/versions/:number/details',
      'admin-versions.details',
      ACTIONS.read,
      { request: version, response: versionDetailResponse }
    ),
    adminRoute(
      'GET',
      '/models/:slug/versions/:number/artifact',
      'admin-versions.artifact',
      ACTIONS.read,
      { request: version, response: artifactResponse }
    ),
    adminRoute(
      'PUT',
      '/models/:slug/versions/:number/notes',
      'admin-versions.updateNotes',
      ACTIONS.upload,
      { request: { ...version, body: json(notesBody) }, response: versionResponse }
    ),
  ],
  contentApi: [
    contentApiRoute('GET', '/models/:slug/versions', 'versions.find', find),
    contentApiRoute('POST', '/models/:slug/versions', 'versions.create', create),
    contentApiRoute('GET', '/models/:slug/versions/:number', 'versions.findOne', findOne),
  ],
};

export default routes;
