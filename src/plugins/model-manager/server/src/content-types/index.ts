import model from './model';
import modelVersion from './model-version';
import feedback from './feedback';
import trainingRun from './training-run';
import auditEvent from './audit-event';

export default {
  model,
  'model-version': modelVersion,
  feedback,
  'training-run': trainingRun,
  'audit-event': auditEvent,
};
