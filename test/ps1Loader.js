// Mocha require hook: `require('x.ps1')` returns the file's text, as esbuild's text loader does
// in the bundle (esbuild.mjs `loader: { '.ps1': 'text' }`).
'use strict';
const fs = require('fs');

require.extensions['.ps1'] = (m, filename) => {
  m.exports = fs.readFileSync(filename, 'utf8');
};
