import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuthenticateGuard } from './authenticate.guard.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { RouteResolver } from './route-resolver.service.js';
import { SimpleApiController } from './simple-api.controller.js';
import { SimpleApiService } from './simple-api.service.js';

/** HTTP SimpleAPI routing under /plugin-io/api. */
@Module({
  controllers: [SimpleApiController],
  providers: [RouteResolver, SimpleApiService, AuthenticateGuard],
})
export class SimpleApiModule implements NestModule {
  public configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes(SimpleApiController);
  }
}
