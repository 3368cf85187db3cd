import artifacts from './artifacts';
import datasets from './datasets';
import feedback from './feedback';
import models from './models';
import predictions from './predictions';
import registry from './registry';
import routing from './routing';
import runtime from './runtime';

export default { artifacts, datasets, feedback, models, predictions, registry, routing, runtime };
