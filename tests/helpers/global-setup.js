// Compiles the app once for the whole API suite (each test file then boots it from dist/)
// and gives every jest worker a fresh database of this run's own.
const crypto = require('crypto');
const { compileStrapi } = require('@strapi/strapi');
const { ROOT, createDatabases } = require('./database');

module.exports = async () => {
  process.chdir(ROOT);
  process.env.MM_TEST_RUN = `${process.pid}${crypto.randomBytes(2).toString('hex')}`;
  await compileStrapi({ appDir: ROOT, ignoreDiagnostics: false });
  await createDatabases();
};
