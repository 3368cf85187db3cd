import feedback from './feedback';
import lifecycle from './lifecycle';
import models from './models';
import predictions from './predictions';
import versions from './versions';

export default { feedback, lifecycle, models, predictions, versions };
