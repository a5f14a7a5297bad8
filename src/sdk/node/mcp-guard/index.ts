// The MCP tool-call guard as a library (docs/mcp-guard.md); `writ mcp-guard` is a thin CLI over it.
export { createMcpGuard, type McpGuard, type McpGuardOptions } from './mcp-guard';
export { parseGuardConfig, type McpGuardConfig, type McpGuardConfigFile, type UpstreamServerFile } from './guard-config';
export type { HttpListening, HttpListenOptions } from './http-serve';
export { requestFor, toolReachable, type ToolMapping, type ToolRequest } from './tool-mapping';
