import type { ModelDetail } from '../../../shared/contracts/models';
import type { Permissions } from '../hooks/usePermissions';

/** The model page's tabs (pages/tabs.ts maps each to its panel), named here so panels need not import the page. */
export type TabKey =
  | 'versions'
  | 'compare'
  | 'audit'
  | 'training'
  | 'upload'
  | 'feedback'
  | 'playground'
  | 'readers'
  | 'monitoring';

/** What every tab of the model page receives. */
export interface PanelProps {
  model: ModelDetail;
  permissions: Permissions;
  /** reloads the model (versions, production) after a change */
  reload: () => Promise<void>;
  /** switches to another tab, optionally with query parameters (e.g. compare?candidate=3) */
  goTo: (tab: TabKey, search?: string) => void;
}
