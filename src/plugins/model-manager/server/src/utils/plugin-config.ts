import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/constants';
import { policyFor, type PromotionPolicy } from '../../../shared/promotion-policy';
import type { PluginConfig } from '../config';

export function pluginConfig(strapi: Core.Strapi): PluginConfig {
  return strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
}

/** The promotion policy of one model: `promotionPolicy`, overridden per slug in `promotionPolicies`. */
export function promotionPolicyOf(strapi: Core.Strapi, slug: string): PromotionPolicy {
  const config = pluginConfig(strapi);
  return policyFor(config.promotionPolicy, config.promotionPolicies[slug]);
}
