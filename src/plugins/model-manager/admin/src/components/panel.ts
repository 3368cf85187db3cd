import type { ModelDetail } from '../../../shared/contracts/models';
import type { Permissions } from '../hooks/usePermissions';
import type { TabKey } from '../pages/tabs';

/** What every tab of the model page receives. */
export interface PanelProps {
  model: ModelDetail;
  permissions: Permissions;
  /** reloads the model (versions, production) after a change */
  reload: () => Promise<void>;
  /** switches to another tab, optionally with query parameters (e.g. compare?candidate=3) */
  goTo: (tab: TabKey, search?: string) => void;
}
