import predictFastPath from './predict-fast-path';
import uploadCleanup from './upload-cleanup';

export default { 'predict-fast-path': predictFastPath, 'upload-cleanup': uploadCleanup };
