'use strict';

// The server code is TypeScript compiled by the app's own `tsc` (`strapi build`) into the app's dist/.
module.exports = require('../../../dist/src/plugins/model-manager/server/src').default;
