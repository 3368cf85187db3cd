import { ACTIONS } from '../../../shared/constants';
import {
  cardPeople,
  cardPeopleBody,
  cardQuery,
  cardResponse,
} from '../../../shared/contracts/card';
import { emptyMeta, envelope } from '../../../shared/contracts/envelope';
import { adminRoute, json, version, type ResourceRoutes } from './route';

/** A version's model card (docs/model-cards.md): evidence and people's words; admin only. */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/versions/:number/card', 'admin-cards.find', ACTIONS.read, {
      request: { ...version, query: cardQuery.shape },
      response: cardResponse,
    }),
    adminRoute(
      'PUT',
      '/models/:slug/versions/:number/card',
      'admin-cards.updatePeople',
      ACTIONS.upload,
      {
        request: { ...version, body: json(cardPeopleBody) },
        response: envelope(cardPeople, emptyMeta),
      }
    ),
  ],
  contentApi: [],
};

export default routes;
