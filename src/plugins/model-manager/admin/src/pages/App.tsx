import { Page } from '@strapi/strapi/admin';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';

const ModelsPage = lazy(() => import('./ModelsPage'));
const ModelPage = lazy(() => import('./ModelPage'));
const VersionPage = lazy(() => import('./VersionPage'));
const ModelCardPage = lazy(() =>
  import('./ModelCardPage').then((m) => ({ default: m.ModelCardPage }))
);

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Suspense fallback={<Page.Loading />}>
      <Routes>
        <Route index element={<ModelsPage />} />
        <Route path="models/:slug/versions/:number" element={<VersionPage />} />
        <Route path="models/:slug/versions/:number/card" element={<ModelCardPage />} />
        <Route path="models/:slug/:tab?" element={<ModelPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Suspense>
  </Page.Protect>
);

export default App;
