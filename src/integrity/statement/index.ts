export * from './statement.types';
export * from './statement-signing';
export * from './statement-parsing';
