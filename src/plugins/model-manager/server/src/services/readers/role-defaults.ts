import type { Core } from '@strapi/strapi';
import type { RoleDefault } from '../../../../shared/contracts/collective';
import { fieldError } from '../../utils/validate';
import type { ModelDocument } from '../../types/documents';

const DEFAULTS = 'mm_role_defaults';
const ROLES = 'plugin::users-permissions.role';
const USERS = 'plugin::users-permissions.user';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/**
 * Role defaults: the collective model the readers of a users-permissions role follow for a base
 * model when they chose none themselves. Routing reads them on every reader's predict, so the
 * lookup is one query joining the user-role link table (named by Strapi's metadata, not guessed).
 */
const createRoleDefaultsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  const roleLink = () =>
    (strapi.db.metadata.get(USERS).attributes.role as unknown as { joinTable: JoinTable })
      .joinTable;

  return {
    /** Every role with the collective model its readers follow on `base` by default, or null. */
    async list(base: ModelDocument): Promise<RoleDefault[]> {
      const roles = (await strapi.db
        .query(ROLES)
        .findMany({ select: ['id', 'name'], orderBy: { id: 'asc' } })) as Array<{
        id: number;
        name: string;
      }>;
      const rows = (await db()(DEFAULTS)
        .join('mm_models as m', 'm.id', `${DEFAULTS}.collective_model_id`)
        .where({ [`${DEFAULTS}.model_id`]: base.id })
        .select(`${DEFAULTS}.role_id as role`, 'm.slug as slug')) as Array<{
        role: number;
        slug: string;
      }>;
      const byRole = new Map(rows.map((r) => [Number(r.role), r.slug]));
      return roles.map((r) => ({ role: r.id, name: r.name, collective: byRole.get(r.id) ?? null }));
    },

    /** Sets (or, with null, clears) a role's default on `base`, a collective model already checked to be over it; 400 for an unknown role. */
    async set(
      base: ModelDocument,
      roleId: number,
      collective: ModelDocument | null
    ): Promise<RoleDefault> {
      const role = (await strapi.db
        .query(ROLES)
        .findOne({ where: { id: roleId }, select: ['id', 'name'] })) as {
        id: number;
        name: string;
      } | null;
      if (!role) throw fieldError(['role'], 'must be an existing users-permissions role');
      if (collective === null) {
        await db()(DEFAULTS).where({ role_id: role.id, model_id: base.id }).delete();
        return { role: role.id, name: role.name, collective: null };
      }
      const row = {
        role_id: role.id,
        model_id: base.id,
        collective_model_id: collective.id,
        at_ms: Date.now(),
      };
      await db()(DEFAULTS)
        .insert(row)
        .onConflict(['role_id', 'model_id'])
        .merge(['collective_model_id', 'at_ms']);
      return { role: role.id, name: role.name, collective: collective.slug as string };
    },

    /** The slug of the default of the reader's role on this base model, or null. */
    async forReader(baseModelId: number, userId: number): Promise<string | null> {
      const link = roleLink();
      const row = (await db()(DEFAULTS)
        .join(`${link.name} as l`, `l.${link.inverseJoinColumn.name}`, `${DEFAULTS}.role_id`)
        .join('mm_models as m', 'm.id', `${DEFAULTS}.collective_model_id`)
        .where({ [`l.${link.joinColumn.name}`]: userId, [`${DEFAULTS}.model_id`]: baseModelId })
        .first('m.slug as slug')) as { slug: string } | undefined;
      return row?.slug ?? null;
    },
  };
};

export type RoleDefaultsService = ReturnType<typeof createRoleDefaultsService>;
export default createRoleDefaultsService;
