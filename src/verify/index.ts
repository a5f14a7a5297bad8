// The offline verifier behind `writ verify`, `export`, `import`, `replay`, `checkpoint`
// and `prove`: no Nest, no network; it reads a store or an export and nothing else.
export * from './findings';
export * from './log-verifier';
export * from './run-verify';
export * from './sources';
export * from './export-format';
export * from './trusted-key';
export * from './export-log';
export * from './import-log';
export { parseWorkers, signatureChecker, type SignatureChecker } from './signature-check';
