// Compiles the app once for the whole API suite (each test file then boots it from dist/)
// and gives every jest worker a fresh database.
const { compileStrapi } = require('@strapi/strapi');
const { ROOT, resetDatabases } = require('./database');

module.exports = async () => {
  process.chdir(ROOT);
  await compileStrapi({ appDir: ROOT, ignoreDiagnostics: false });
  await resetDatabases();
};
