import contentApiAnswers from './content-api-answers';
import databaseUnavailable from './database-unavailable';
import uploadCleanup from './upload-cleanup';

export default {
  'content-api-answers': contentApiAnswers,
  'database-unavailable': databaseUnavailable,
  'upload-cleanup': uploadCleanup,
};
