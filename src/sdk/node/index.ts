// writ/sdk/node: what only Node clients of the SDK need. Everything portable is in writ/sdk.
export { nodeHttpFetch, type NodeHttpFetchOptions } from './http-fetch';
export * from './mcp-guard';
