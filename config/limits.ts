import type { Core } from '@strapi/strapi';
import { defaultConfig } from '../src/plugins/model-manager/server/src/config';

type Env = Core.Config.Shared.ConfigParams['env'];

/**
 * The largest ONNX upload, read by the plugin (its own 413) and by the body parser, which stops
 * writing a bigger file to disk as soon as it passes the limit.
 */
export function maxArtifactBytes(env: Env): number {
  return env.int('MODEL_MANAGER_MAX_ARTIFACT_BYTES', defaultConfig.maxArtifactBytes);
}
