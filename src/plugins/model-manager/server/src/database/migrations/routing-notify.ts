import type { Knex } from 'knex';

/**
 * On PostgreSQL, every change of the routing revision is announced on the channel `mm_routing`
 * (payload: the new revision). NOTIFY is delivered at commit, so a listener never hears of a
 * promotion that was rolled back. Instances listen (services/serving/routing.ts) and keep the poll as
 * the safety net; SQLite has no such channel and only polls.
 */
export async function up(knex: Knex) {
  if (knex.client.dialect !== 'postgresql') return;
  await knex.raw(`
    CREATE OR REPLACE FUNCTION mm_notify_routing() RETURNS trigger AS $$
    BEGIN
      PERFORM pg_notify('mm_routing', NEW.revision::text);
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql`);
  await knex.raw(`
    CREATE OR REPLACE TRIGGER mm_routing_state_notify
    AFTER UPDATE OF revision ON mm_routing_state
    FOR EACH ROW EXECUTE FUNCTION mm_notify_routing()`);
}

export async function down(knex: Knex) {
  if (knex.client.dialect !== 'postgresql') return;
  await knex.raw('DROP TRIGGER IF EXISTS mm_routing_state_notify ON mm_routing_state');
  await knex.raw('DROP FUNCTION IF EXISTS mm_notify_routing()');
}
