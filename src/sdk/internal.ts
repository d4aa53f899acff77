/**
 * What the host needs from the SDK beyond the public surface. Plugin authors import from
 * `index.ts`; nothing here is part of the plugin API.
 */
export * from './index.js';
export { isAppliedBroadcast } from './effect.js';
export { parseRawHeaders } from './headers.js';
export { getPluginOptions } from './plugin.decorator.js';
export { ROUTE_VERB_METHODS, getDeclaredRoutes } from './simple-api.js';
export { servesChannel } from './websocket-api.js';
