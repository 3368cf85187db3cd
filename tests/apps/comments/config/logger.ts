// STRAPI_LOG_LEVEL quiets the console (the test suite sets "warn"); Strapi's default format and transport otherwise.
export default { level: process.env.STRAPI_LOG_LEVEL ?? 'http' };
