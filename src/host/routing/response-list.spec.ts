import { Broadcast, Effect, JSONResponse, PlainTextResponse, Response } from '../../sdk/index.js';
import { InvalidRouteResultError, processRouteResult } from './response-list.js';

function broadcast(message: unknown = 'hi'): Effect {
  return new Broadcast({ channel: 'c', message }).apply();
}

describe(processRouteResult.name, () => {
  it('should answer an empty list with no response and no effects', () => {
    expect(processRouteResult([])).toEqual({ response: undefined, effects: [] });
  });

  it('should keep effects in order when there is no response', () => {
    const first = broadcast(1);
    const second = broadcast(2);

    const sut = processRouteResult([first, second]);

    expect(sut.response).toBeUndefined();
    expect(sut.effects).toEqual([first, second]);
    expect(sut.effects[0]).toBe(first);
  });

  it('should keep one response and every effect around it', () => {
    const before = broadcast(1);
    const response = new JSONResponse({ ok: true }, { statusCode: 202 });
    const after = broadcast(2);

    const sut = processRouteResult([before, response, after]);

    expect(sut.response).toBe(response);
    expect(sut.effects).toEqual([before, after]);
  });

  it('should reject a second response', () => {
    const process = () => processRouteResult([new Response(), broadcast(), new Response()]);

    expect(process).toThrow(InvalidRouteResultError);
    expect(process).toThrow('more than one response');
  });

  it('should let a 4xx response met first win alone and cancel every effect', () => {
    const denial = new PlainTextResponse('no', { statusCode: 403 });

    const sut = processRouteResult([broadcast(), denial, new Response(), broadcast()]);

    expect(sut.response).toBe(denial);
    expect(sut.effects).toEqual([]);
  });

  it('should let a 5xx response cancel every effect', () => {
    const failure = new Response(null, { statusCode: 503 });

    expect(processRouteResult([broadcast(), failure])).toEqual({ response: failure, effects: [] });
  });

  it('should reject a 4xx response that comes after another response', () => {
    const process = () =>
      processRouteResult([new Response(), new Response(null, { statusCode: 404 })]);

    expect(process).toThrow(InvalidRouteResultError);
  });

  it('should accept the status bounds 100 and 599', () => {
    expect(processRouteResult([new Response(null, { statusCode: 100 })]).response?.statusCode).toBe(
      100,
    );
    expect(processRouteResult([new Response(null, { statusCode: 599 })]).response?.statusCode).toBe(
      599,
    );
  });

  it.each([99, 600, 200.5, NaN])('should reject status %p', (statusCode) => {
    const process = () => processRouteResult([new Response(null, { statusCode })]);

    expect(process).toThrow(InvalidRouteResultError);
    expect(process).toThrow('outside 100-599');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a single response', new Response()],
    ['an object', { response: new Response() }],
  ])('should reject %s instead of a list', (_case, result) => {
    expect(() => processRouteResult(result)).toThrow(
      new InvalidRouteResultError('a route method must return a list of responses and effects'),
    );
  });

  it.each([
    ['an unapplied Broadcast', new Broadcast({ channel: 'c', message: 1 })],
    ['a plain object', { type: 'SIMPLE_API_WEBSOCKET_BROADCAST' }],
    ['a string', 'ok'],
    ['null', null],
  ])('should reject %s in the list', (_case, item) => {
    const process = () => processRouteResult([new Response(), item]);

    expect(process).toThrow(InvalidRouteResultError);
    expect(process).toThrow('neither a Response nor an Effect');
  });
});
