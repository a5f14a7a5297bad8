// RFC 8785 canonical JSON, and the strict parser for JSON text from outside.
export { canonicalBytes, canonicalize } from './canonicalize';
export { parseCanonical } from './parse-canonical';
export { parseJson } from './parse-json';
export { JcsError, JSON_MAX_DEPTH, type JsonArray, type JsonObject, type JsonValue } from './types';
