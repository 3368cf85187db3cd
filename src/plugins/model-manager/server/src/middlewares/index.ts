import contentApiAnswers from './content-api-answers';
import databaseUnavailable from './database-unavailable';
import predictFastPath from './predict-fast-path';
import uploadCleanup from './upload-cleanup';

export default {
  'content-api-answers': contentApiAnswers,
  'database-unavailable': databaseUnavailable,
  'predict-fast-path': predictFastPath,
  'upload-cleanup': uploadCleanup,
};
