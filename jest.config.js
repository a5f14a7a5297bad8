// jest runs TypeScript through swc, with decorator metadata for Nest. Several
// dependencies ship only ES modules (@nestjs/* 12, @noble/*, jose 6, ...), which
// jest 30 on Node 20 cannot require; they are transformed to CommonJS as well.
const esmOnly = [
  '@nestjs',
  '@noble',
  'jose',
  'graphql-ws',
  'uuid',
  // mercurius loads quick-lru (ESM-only) with a dynamic import(), which jest's CommonJS
  // runtime cannot run untransformed; @fastify/static (under mercurius) needs content-disposition 3.
  'mercurius',
  'quick-lru',
  'content-disposition',
];

const swc = ['@swc/jest', require('./scripts/swc-options.js')];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.(unit|contract|int|e2e).spec.ts'],
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
};
