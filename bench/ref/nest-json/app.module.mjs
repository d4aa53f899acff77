// @Module({ controllers: [EchoController] })
// export class AppModule {}
import { Module } from '@nestjs/common';
import { EchoController } from './echo.controller.mjs';
import { decorate } from '../nest-naive/decorate.mjs';

export class AppModule {}
decorate([Module({ controllers: [EchoController] })], AppModule);
