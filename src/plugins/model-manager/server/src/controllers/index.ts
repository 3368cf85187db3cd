import admin from './admin';
import contentApi from './content-api';

/** One audience per controller: `admin-*` for the admin API, the others for the content API. */
export default { ...admin, ...contentApi };
