export * from './envelope.types';
export * from './envelope-hashing';
export * from './envelope-parsing';
export * from './chain';
