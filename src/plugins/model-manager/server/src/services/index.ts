import artifacts from './artifacts';
import models from './models';
import predictions from './predictions';
import registry from './registry';
import routing from './routing';
import runtime from './runtime';

export default { artifacts, models, predictions, registry, routing, runtime };
