import { readFileSync } from 'node:fs';
import { BroadcastErrorCode } from './broadcast/broadcast.errors.js';
import { PluginLoadErrorCode } from './plugins/plugin-load.errors.js';
import { SimpleApiErrorCode } from './routing/simple-api.errors.js';
import { WS_DENY_RESPONSES, WsCloseCode, WsDenyReason } from './websocket/websocket.constants.js';

interface Registry {
  name: string;
  file: string;
  codes: Readonly<Record<string, string | number>>;
}

const REGISTRIES: Registry[] = [
  { name: 'SimpleApiErrorCode', file: './routing/simple-api.errors.ts', codes: SimpleApiErrorCode },
  {
    name: 'PluginLoadErrorCode',
    file: './plugins/plugin-load.errors.ts',
    codes: PluginLoadErrorCode,
  },
  {
    name: 'BroadcastErrorCode',
    file: './broadcast/broadcast.errors.ts',
    codes: BroadcastErrorCode,
  },
  { name: 'WsCloseCode', file: './websocket/websocket.constants.ts', codes: WsCloseCode },
  { name: 'WsDenyReason', file: './websocket/websocket.constants.ts', codes: WsDenyReason },
];

/** The source lines of `export const <name> = { … }` in `file`. */
function registryLines(registry: Registry): string[] {
  const lines = readFileSync(new URL(registry.file, import.meta.url), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(`export const ${registry.name} = {`));
  if (start < 0) {
    throw new Error(`${registry.name} is not declared in ${registry.file}`);
  }
  const end = lines.findIndex((line, index) => index > start && line.startsWith('}'));
  return lines.slice(start + 1, end);
}

function isCommentLine(line: string | undefined): boolean {
  const text = line?.trim() ?? '';
  return text.startsWith('/**') || text.startsWith('*') || text.startsWith('//');
}

describe('error code registries', () => {
  describe.each(REGISTRIES)('$name', (registry) => {
    it('should have at least one code', () => {
      expect(Object.keys(registry.codes).length).toBeGreaterThan(0);
    });

    it('should give each key its own code', () => {
      const values = Object.values(registry.codes);

      expect(new Set(values).size).toBe(values.length);
    });

    it('should document each code with a comment on the line before it', () => {
      const lines = registryLines(registry);

      for (const key of Object.keys(registry.codes)) {
        const index = lines.findIndex((line) => line.trim().startsWith(`${key}:`));
        expect({ key, declared: index >= 0 }).toEqual({ key, declared: true });
        expect({ key, documented: isCommentLine(lines[index - 1]) }).toEqual({
          key,
          documented: true,
        });
      }
    });
  });

  it('should not reuse a string code across registries', () => {
    const codes = [SimpleApiErrorCode, PluginLoadErrorCode, BroadcastErrorCode].flatMap(
      (registry) => Object.values(registry),
    );

    expect(new Set(codes).size).toBe(codes.length);
  });

  it('should prefix each string error code with its area', () => {
    expect(
      Object.values(SimpleApiErrorCode).every((code) => code.startsWith('SIMPLEAPI_ERR_')),
    ).toBe(true);
    expect(Object.values(PluginLoadErrorCode).every((code) => code.startsWith('PLUGIN_ERR_'))).toBe(
      true,
    );
    expect(
      Object.values(BroadcastErrorCode).every((code) => code.startsWith('BROADCAST_ERR_')),
    ).toBe(true);
  });

  it('should keep close codes in the range RFC 6455 allows a server to send', () => {
    for (const code of Object.values(WsCloseCode)) {
      expect(code).toBeGreaterThanOrEqual(1000);
      expect(code).toBeLessThan(5000);
      expect([1004, 1005, 1006, 1015]).not.toContain(code);
    }
  });

  it('should map every deny reason to an HTTP answer', () => {
    expect(Object.keys(WS_DENY_RESPONSES).sort()).toEqual(Object.values(WsDenyReason).sort());
  });
});
