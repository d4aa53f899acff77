// TypeScript-free decorators: these helpers are what `tsc --experimentalDecorators
// --emitDecoratorMetadata` emits (__decorate / __param / __metadata), so the classes
// below are, at run time, the same as the textbook TypeScript NestJS source shown in
// the comments next to them.
import 'reflect-metadata';

export const decorate = (decorators, target, key, desc) =>
  Reflect.decorate(decorators, target, key, desc);
export const param = (index, decorator) => (target, key) => decorator(target, key, index);
export const metadata = (k, v) => Reflect.metadata(k, v);
export const method = (cls, name, ...decorators) =>
  decorate(decorators, cls.prototype, name, Object.getOwnPropertyDescriptor(cls.prototype, name));
