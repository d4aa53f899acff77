export { BroadcastPublisher } from './broadcast-publisher.js';
export {
  APIKeyCredentials,
  AuthenticationError,
  AuthenticationMessage,
  BasicCredentials,
  BearerCredentials,
  Credentials,
  type CredentialsClass,
  type LoggedInUser,
  MissingSecretError,
  SessionCredentials,
  SessionHeader,
  type UserType,
} from './credentials.js';
export {
  Broadcast,
  type BroadcastPayload,
  CHANNEL_NAME_PATTERN,
  Effect,
  EffectType,
  EffectValidationError,
  MAX_BROADCAST_MESSAGE_BYTES,
} from './effect.js';
export { FileFormPart, type FormData, type FormPart, StringFormPart } from './form-data.js';
export { BaseHandler, type Environment, type Secrets } from './handler.js';
export { type Headers } from './headers.js';
export {
  APIKeyAuthMixin,
  BasicAuthMixin,
  PatientSessionAuthMixin,
  StaffSessionAuthMixin,
} from './mixins.js';
export { CaseInsensitiveMultiDict, MultiDict } from './multi-dict.js';
export {
  type HandlerClass,
  PLUGIN_NAME_PATTERN,
  Plugin,
  type PluginOptions,
} from './plugin.decorator.js';
export { SimpleAPIRequest } from './request.js';
export { RequestBodyError } from './request-body.error.js';
export {
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  Response,
  type ResponseOptions,
} from './response.js';
export { constantTimeEquals } from './secret-compare.js';
export {
  api,
  type HttpMethod,
  type RouteResult,
  SimpleAPI,
  SimpleAPIBase,
  SimpleAPIRoute,
} from './simple-api.js';
export { type ChannelSelector, type WebSocketInfo, WebSocketAPI } from './websocket-api.js';
