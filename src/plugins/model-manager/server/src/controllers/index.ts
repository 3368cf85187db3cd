import evaluation from './evaluation';
import feedback from './feedback';
import lifecycle from './lifecycle';
import models from './models';
import predictions from './predictions';
import trainingRuns from './training-runs';
import versions from './versions';

export default { evaluation, feedback, lifecycle, models, predictions, 'training-runs': trainingRuns, versions };
