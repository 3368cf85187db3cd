import models from './models';

export default { models };
