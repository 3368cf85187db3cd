import { z } from 'zod';

/** Plugin options, set under `model-manager.config` in config/plugins.ts. */
export const pluginConfigSchema = z
  .object({
    /** Where the demo corpus and the foreign model live (never inside the repository). */
    dataDir: z.string().min(1),
  })
  .passthrough();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export default {
  default: { dataDir: '../shared/data' } satisfies PluginConfig,
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`Invalid model-manager config: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
  },
};
