import { articleSubject } from '../../src/demo/article-subject';
import type { TestApp } from './strapi';

export const ARTICLE_UID = 'api::article.article';

/** Points the demo's Article registration at another model, as an app would re-register it in its bootstrap. */
export function scoreArticlesWith(app: TestApp, slug: string) {
  app.strapi.plugin('model-manager').service('subjects').register(articleSubject(slug));
}
