import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { createApi } from '../api';

/** The plugin's API bound to this component's fetch client (its requests abort on unmount). */
export function useApi() {
  const client = useFetchClient();
  return useMemo(() => createApi(client), [client]);
}
