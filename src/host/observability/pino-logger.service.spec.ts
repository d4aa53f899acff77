import { PinoLoggerService, createPinoLogger } from './pino-logger.service.js';

function capture(): { lines: string[]; sut: PinoLoggerService } {
  const lines: string[] = [];
  const logger = createPinoLogger('debug', { write: (line: string) => void lines.push(line) });
  return { lines, sut: new PinoLoggerService(logger) };
}

describe(PinoLoggerService.name, () => {
  describe('error', () => {
    it('should write the class context and the error', () => {
      const { lines, sut } = capture();

      sut.error({ err: new Error('boom'), msg: 'it failed' }, 'SomeService');

      const line = JSON.parse(lines[0]) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 50, context: 'SomeService', msg: 'it failed' });
      expect(line.err).toMatchObject({ type: 'Error', message: 'boom' });
    });

    it('should withhold the text a JSON parse error quotes', () => {
      const { lines, sut } = capture();
      let parseError: unknown;
      try {
        JSON.parse('{"note": top-secret-body}');
      } catch (error) {
        parseError = error;
      }

      sut.error({ err: parseError, msg: 'handler failed' }, 'SimpleApiService');

      expect(lines.join('\n')).not.toContain('top-secret-body');
      expect(lines[0]).toContain('JSON parse error');
    });
  });

  describe('log', () => {
    it('should redact authorization and cookie headers wherever they are nested', () => {
      const { lines, sut } = capture();

      sut.log({ req: { headers: { authorization: 'Bearer abc', cookie: 'session=xyz' } } });

      expect(lines[0]).not.toContain('abc');
      expect(lines[0]).not.toContain('xyz');
    });
  });
});

describe('createPinoLogger', () => {
  it('should withhold JSON parse text that arrives as the cause of another error', () => {
    const lines: string[] = [];
    const sut = createPinoLogger('info', { write: (line: string) => void lines.push(line) });
    let parseError: unknown;
    try {
      JSON.parse('password=hunter2');
    } catch (error) {
      parseError = error;
    }

    sut.error({ err: new Error('bad payload', { cause: parseError }) }, 'failed');

    expect(lines.join('\n')).not.toContain('hunter2');
  });
});
