/**
 * The parts of a model card people write. A module without zod: the admin bundle imports it, and
 * `@strapi/utils` (where the contracts take zod from) pulls Node's streams into a browser build.
 */
export const PEOPLE_FIELDS = ['intendedUse', 'outOfScope', 'caveats', 'dataLicence'] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];
