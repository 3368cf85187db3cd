import predictFastPath from './predict-fast-path';

export default { 'predict-fast-path': predictFastPath };
