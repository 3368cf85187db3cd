import type { Core } from '@strapi/strapi';
import type { RoleDefault } from '../../../../shared/contracts/collective';
import { fieldError } from '../../utils/validate';
import {
  defaultForUser,
  defaultsOn,
  roleById,
  roles,
  ROLE_DEFAULTS,
  type JoinTable,
} from '../../database/repositories/role-defaults';
import { rowId, type ModelDocument } from '../../types/documents';

const DEFAULTS = ROLE_DEFAULTS;
const USERS = 'plugin::users-permissions.user';

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
      const all = await roles(strapi);
      const byRole = new Map((await defaultsOn(db(), rowId(base))).map((r) => [r.role, r.slug]));
      return all.map((r) => ({
        role: r.id,
        name: r.name,
        collective: byRole.get(r.id) ?? null,
      }));
    },

    /** Sets (or, with null, clears) a role's default on `base`, a collective model already checked to be over it; 400 for an unknown role. */
    async set(
      base: ModelDocument,
      roleId: number,
      collective: ModelDocument | null
    ): Promise<RoleDefault> {
      const role = await roleById(strapi, roleId);
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
      return defaultForUser(db(), roleLink(), baseModelId, userId);
    },
  };
};

export type RoleDefaultsService = ReturnType<typeof createRoleDefaultsService>;
export default createRoleDefaultsService;
