import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../../shared/constants';
import type {
  Actor,
  CreateModelInput,
  ModelDetail,
  ModelSummary,
  Pagination,
  UpdateModelInput,
} from '../../../../shared/contracts/models';
import { conflict, isUniqueViolation } from '../../utils/errors';
import { promotionPolicyOf } from '../../utils/plugin-config';
import { slugify } from '../../utils/slugify';
import type { ModelDocument, VersionDocument } from '../../types/documents';
import { toModelDetail, toModelSummary } from '../platform/serialize';

/** Models as content: create, list, read. Version lifecycle lives in the registry service. */
const createModelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const models = () => strapi.documents(UIDS.model);

  async function findModelDoc(slug: string): Promise<ModelDocument | null> {
    return models().findFirst({ filters: { slug } });
  }

  return {
    /** A model's version by number, with the model, or a 404 that names both. */
    async requireVersion(
      slug: string,
      number: number
    ): Promise<{ model: ModelDocument; version: VersionDocument }> {
      const model = await this.requireModel(slug);
      const version = await strapi
        .documents(UIDS.version)
        .findFirst({ filters: { model: { documentId: model.documentId }, number } });
      if (!version)
        throw new errors.NotFoundError(`Model "${slug}" has no version ${number}`, {
          slug,
          version: number,
        });
      return { model, version };
    },

    /** A model one of whose versions is this artifact (the first found), or null. */
    async modelOfArtifact(hash: string): Promise<ModelDocument | null> {
      const version = await strapi
        .documents(UIDS.version)
        .findFirst({ filters: { artifactHash: hash }, populate: ['model'] });
      return ((version as { model?: ModelDocument } | null)?.model ?? null) as ModelDocument | null;
    },

    /** The model or a 404 that names the slug. */
    async requireModel(slug: string): Promise<ModelDocument> {
      const model = await findModelDoc(slug);
      if (!model) throw new errors.NotFoundError(`No model with slug "${slug}"`, { slug });
      return model;
    },

    async list({ page, pageSize }: { page: number; pageSize: number }): Promise<{
      data: ModelSummary[];
      pagination: Pagination;
    }> {
      const [docs, total] = await Promise.all([
        models().findMany({
          sort: 'createdAt:desc',
          start: (page - 1) * pageSize,
          limit: pageSize,
          populate: { versions: { filters: { stage: 'production' } } },
        }),
        models().count({}),
      ]);
      const data = docs.map((m) => toModelSummary(m, m.versions?.[0] ?? null));
      return {
        data,
        pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      };
    },

    async get(slug: string): Promise<ModelDetail> {
      const model = await this.requireModel(slug);
      const versions = await strapi.documents(UIDS.version).findMany({
        filters: { model: { documentId: model.documentId } },
        sort: 'number:desc',
      });
      return toModelDetail(model, versions, promotionPolicyOf(strapi, slug));
    },

    async create(input: CreateModelInput, actor: Actor): Promise<ModelDetail> {
      const slug = input.slug ?? slugify(input.name);
      if (await findModelDoc(slug)) {
        throw conflict(`A model with slug "${slug}" already exists`, { field: 'slug', slug });
      }
      try {
        await models().create({
          data: {
            name: input.name,
            slug,
            description: input.description,
            labels: input.labels,
            task: 'text-classification', // the only task there is (shared/constants MODEL_TASKS)
            scope: input.scope ?? 'global',
            tags: input.tags ?? [],
            evaluationDataset: input.evaluationDataset,
            trainOnReaders: input.trainOnReaders ?? false,
          },
        });
      } catch (error) {
        // Lost a race with a concurrent create of the same slug: the unique index decided.
        if (isUniqueViolation(error))
          throw conflict(`A model with slug "${slug}" already exists`, { field: 'slug', slug });
        throw error;
      }
      strapi.log.info(`[model-manager] model "${slug}" created by ${actor.kind} ${actor.name}`);
      return this.get(slug);
    },

    /** Changes a model's settings (what may change after creation: see `updateModelBody`). */
    async update(slug: string, input: UpdateModelInput, actor: Actor): Promise<ModelDetail> {
      const model = await this.requireModel(slug);
      await models().update({ documentId: model.documentId, data: input });
      strapi.log.info(
        `[model-manager] model "${slug}" updated by ${actor.kind} ${actor.name}: ${Object.keys(input).join(', ')}`
      );
      return this.get(slug);
    },
  };
};

export type ModelsService = ReturnType<typeof createModelsService>;
export default createModelsService;
