import admin from './admin';
import contentApi from './content-api';
import { withContract } from './contracts';

type Router = { type: string; routes: Array<{ handler: string }> };
const described = (router: Router) => ({ ...router, routes: router.routes.map(withContract) });

export default { admin: described(admin), 'content-api': described(contentApi) };
