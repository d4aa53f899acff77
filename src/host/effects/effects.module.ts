import { Global, Module } from '@nestjs/common';
import { EffectInterpreter } from './effect-interpreter.service.js';

/** The effect interpreter, shared by the HTTP path and anything else that returns effects. */
@Global()
@Module({ providers: [EffectInterpreter], exports: [EffectInterpreter] })
export class EffectsModule {}
