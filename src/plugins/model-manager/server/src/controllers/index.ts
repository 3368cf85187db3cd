import articles from './articles';
import evaluation from './evaluation';
import feedback from './feedback';
import lifecycle from './lifecycle';
import models from './models';
import personal from './personal';
import predictions from './predictions';
import runtime from './runtime';
import trainingRuns from './training-runs';
import versions from './versions';

export default { articles, evaluation, feedback, lifecycle, models, personal, predictions, runtime, 'training-runs': trainingRuns, versions };
