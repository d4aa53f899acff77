import { Module } from '@nestjs/common';
import { AuthenticateGuard } from './authenticate.guard.js';
import { RouteResolver } from './route-resolver.service.js';
import { SimpleApiController } from './simple-api.controller.js';
import { SimpleApiMetrics } from './simple-api.metrics.js';
import { SimpleApiService } from './simple-api.service.js';

/** HTTP SimpleAPI routing under /plugin-io/api. */
@Module({
  controllers: [SimpleApiController],
  providers: [RouteResolver, SimpleApiService, SimpleApiMetrics, AuthenticateGuard],
})
export class SimpleApiModule {}
