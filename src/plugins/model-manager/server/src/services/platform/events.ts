import type { Core } from '@strapi/strapi';
import { MODEL_EVENTS, type ModelEvent } from '../../../../shared/constants';
import type { Actor } from '../../../../shared/contracts/models';

export interface ModelEventPayload {
  model: string;
  version?: number | null;
  status?: string | null;
  actor?: Actor | null;
  comment?: string | null;
  [key: string]: unknown;
}

/** Model events for webhooks and listeners: registered once as allowed webhook events, then emitted. */
const createEventsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  registerWebhookEvents() {
    const store = strapi.get('webhookStore') as {
      addAllowedEvent(key: string, value: string): void;
    };
    for (const [key, event] of Object.entries(MODEL_EVENTS))
      store.addAllowedEvent(`MODEL_MANAGER_${key.toUpperCase()}`, event);
  },

  /** Fire-and-forget: a slow or failing webhook never delays or fails the transition itself. */
  emit(event: ModelEvent, payload: ModelEventPayload) {
    void Promise.resolve(
      strapi.eventHub.emit(event, { ...payload, event, createdAt: new Date().toISOString() })
    ).catch((error: Error) =>
      strapi.log.warn(`[model-manager] webhook for ${event} failed: ${error.message}`)
    );
  },
});

export type EventsService = ReturnType<typeof createEventsService>;
export default createEventsService;
