import { Global, Module } from '@nestjs/common';
import { SessionResolver } from './session-resolver.service.js';

/** Resolves the logged-in user of HTTP requests and WebSocket handshakes. */
@Global()
@Module({ providers: [SessionResolver], exports: [SessionResolver] })
export class SessionModule {}
