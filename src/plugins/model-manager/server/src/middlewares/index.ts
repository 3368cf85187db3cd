import contentApiAnswers from './content-api-answers';
import predictFastPath from './predict-fast-path';
import uploadCleanup from './upload-cleanup';

export default { 'content-api-answers': contentApiAnswers, 'predict-fast-path': predictFastPath, 'upload-cleanup': uploadCleanup };
