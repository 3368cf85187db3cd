import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PanelProps, TabKey } from '../components/panel';

/** The model page's tabs, in order; each panel is its own chunk, loaded when first opened. */
export const TABS: Record<TabKey, LazyExoticComponent<ComponentType<PanelProps>>> = {
  versions: lazy(() => import('../components/versions/VersionsPanel')),
  compare: lazy(() => import('../components/compare/ComparePanel')),
  audit: lazy(() => import('../components/audit/AuditPanel')),
  training: lazy(() => import('../components/training/TrainingPanel')),
  upload: lazy(() => import('../components/upload/UploadPanel')),
  feedback: lazy(() => import('../components/feedback/FeedbackPanel')),
  playground: lazy(() => import('../components/playground/PlaygroundPanel')),
  readers: lazy(() => import('../components/readers/ReadersPanel')),
  monitoring: lazy(() => import('../components/monitoring/MonitoringPanel')),
};

export type { TabKey };
export const TAB_KEYS = Object.keys(TABS) as TabKey[];
export const isTab = (value: string | undefined): value is TabKey => !!value && value in TABS;
