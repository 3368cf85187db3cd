import databaseUnavailable from './database-unavailable';
import uploadCleanup from './upload-cleanup';

export default {
  'database-unavailable': databaseUnavailable,
  'upload-cleanup': uploadCleanup,
};
