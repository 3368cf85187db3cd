import databaseUnavailable from './database-unavailable';
import predictFastPath from './predict-fast-path';

export default { 'database-unavailable': databaseUnavailable, 'predict-fast-path': predictFastPath };
