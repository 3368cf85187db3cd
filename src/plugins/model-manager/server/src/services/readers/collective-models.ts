import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import type { CreateCollectiveInput } from '../../../../shared/contracts/collective';
import type { Actor } from '../../../../shared/contracts/models';
import { followedSlug, READER_FOLLOWS } from '../../database/repositories/reader-follows';
import { getService } from '../../utils/get-service';
import { fieldError } from '../../utils/validate';
import type { ModelDocument } from '../../types/documents';

const FOLLOWS = READER_FOLLOWS;

/**
 * Collective models: an editor's model over a base model, trained on what a group of expert
 * readers (members) labelled on the base (services/readers/collective-labels.ts weighs them).
 * It is an ordinary model otherwise: versions, review, promotion. Readers follow one (their
 * setting, mm_reader_follows, or their role's default) and routing answers from its champion.
 */
const createCollectiveModelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;

  return {
    async create(input: CreateCollectiveInput, actor: Actor) {
      const base = await getService(strapi, 'models').requireModel(input.baseModel);
      if (base.scope !== 'global') throw fieldError(['baseModel'], 'must be a global model');
      const found = await strapi.db
        .query('plugin::users-permissions.user')
        .count({ where: { id: { $in: input.members } } });
      if (found !== input.members.length)
        throw fieldError(['members'], 'must all be existing users');
      const created = await getService(strapi, 'models').create(
        {
          name: input.name,
          slug: input.slug,
          labels: base.labels as string[],
          scope: 'collective',
        },
        actor
      );
      const model = await getService(strapi, 'models').requireModel(created.slug);
      await strapi.db
        .query(UIDS.model)
        .update({ where: { id: model.id }, data: { baseModel: base.id, members: input.members } });
      return this.summary(model);
    },

    /** A collective model's base, how many members it has and their agreement on the labels now. */
    async summary(model: ModelDocument) {
      const labels = getService(strapi, 'collective-labels');
      const { base, members } = await labels.membersOf(model);
      return {
        slug: model.slug as string,
        baseModel: base.slug as string,
        members: members.length,
        agreement: (await labels.dataset(model)).agreement,
      };
    },

    /** Sets (or, with null, clears) which collective model a role follows on `base` by default. */
    async setRoleDefault(base: ModelDocument, roleId: number, slug: string | null) {
      const collective = slug === null ? null : await this.requireOver(base, slug);
      return getService(strapi, 'role-defaults').set(base, roleId, collective);
    },

    /** The collective model `slug` when it is one over `base`; a 400 on `collective` otherwise. */
    async requireOver(base: ModelDocument, slug: string): Promise<ModelDocument> {
      const collective = await getService(strapi, 'models').requireModel(slug);
      const { base: over } =
        collective.scope === 'collective'
          ? await getService(strapi, 'collective-labels').membersOf(collective)
          : { base: null };
      if (over?.id !== base.id)
        throw fieldError(['collective'], `must be a collective model over "${base.slug}"`);
      return collective;
    },

    /** A reader's setting: follow `collective` (a collective model over `base`) or nothing. */
    async follow(userId: number, base: ModelDocument, collectiveSlug: string | null) {
      if (collectiveSlug === null) {
        await db()(FOLLOWS).where({ user_id: userId, model_id: base.id }).delete();
        return { model: base.slug as string, collective: null };
      }
      const collective = await this.requireOver(base, collectiveSlug);
      const row = {
        user_id: userId,
        model_id: base.id,
        collective_model_id: collective.id,
        at_ms: Date.now(),
      };
      await db()(FOLLOWS)
        .insert(row)
        .onConflict(['user_id', 'model_id'])
        .merge(['collective_model_id', 'at_ms']);
      return { model: base.slug as string, collective: collective.slug as string };
    },

    /**
     * The slug of the collective model a reader follows for this base model: their own setting,
     * else their role's default (services/readers/role-defaults.ts), else null.
     */
    async followedBy(baseModelId: number, userId: number): Promise<string | null> {
      return (
        (await followedSlug(db(), baseModelId, userId)) ??
        (await getService(strapi, 'role-defaults').forReader(baseModelId, userId))
      );
    },

    /** A reset forgets what the reader follows too. */
    async forget(userId: number, baseModelId: number) {
      await db()(FOLLOWS).where({ user_id: userId, model_id: baseModelId }).delete();
    },
  };
};

export type CollectiveModelsService = ReturnType<typeof createCollectiveModelsService>;
export default createCollectiveModelsService;
