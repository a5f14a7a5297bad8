// How the tests compile TypeScript with swc: jest's transform (jest.config.js) and the
// worker threads started from the sources (scripts/register-ts.js) use these same
// options, so a thread runs code compiled as its test was (decorator metadata for Nest).
'use strict';
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
