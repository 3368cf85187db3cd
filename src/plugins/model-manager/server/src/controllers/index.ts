import lifecycle from './lifecycle';
import models from './models';
import predictions from './predictions';
import versions from './versions';

export default { lifecycle, models, predictions, versions };
