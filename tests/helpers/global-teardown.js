const { dropDatabases } = require('./database');

module.exports = async () => {
  await dropDatabases();
};
