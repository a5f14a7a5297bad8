// writ/sdk/node: what only Node clients of the SDK need. Everything portable is in writ/sdk.
export { nodeHttpFetch, type NodeHttpFetchOptions } from './http-fetch';
// The MCP guard has an entry of its own (writ/sdk/mcp, @writ/sdk/mcp), so that this one
// loads without the MCP SDK installed.
