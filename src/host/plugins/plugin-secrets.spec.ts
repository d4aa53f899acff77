import { PluginLoadErrorCode } from './plugin-load.errors.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPluginSecrets, secretVariableName } from './plugin-secrets.js';

describe(secretVariableName.name, () => {
  it('should build PLUGIN_<PLUGIN>_<SECRET> in upper case', () => {
    expect(secretVariableName('notifications', 'api-key')).toBe('PLUGIN_NOTIFICATIONS_API_KEY');
  });

  it('should turn every character outside A-Z0-9 into "_"', () => {
    expect(secretVariableName('my_plugin2', 'db.pass-word ü')).toBe(
      'PLUGIN_MY_PLUGIN2_DB_PASS_WORD__',
    );
  });
});

describe(readPluginSecrets.name, () => {
  let secretsDir: string;

  beforeEach(() => {
    secretsDir = mkdtempSync(join(tmpdir(), 'plugin-secrets-spec-'));
  });

  afterEach(() => {
    rmSync(secretsDir, { recursive: true, force: true });
  });

  function writeSecretsFile(plugin: string, content: string): void {
    writeFileSync(join(secretsDir, `${plugin}.json`), content);
  }

  it('should read declared secrets from the environment', () => {
    const sut = readPluginSecrets('notifications', ['api-key'], {
      PLUGIN_NOTIFICATIONS_API_KEY: 'k3y',
    });

    expect(sut.values).toEqual({ 'api-key': 'k3y' });
    expect(sut.unset).toEqual([]);
  });

  it('should ignore undeclared variables and list unset and empty secrets by name', () => {
    const sut = readPluginSecrets('notifications', ['api-key', 'token', 'other'], {
      PLUGIN_NOTIFICATIONS_API_KEY: 'k3y',
      PLUGIN_NOTIFICATIONS_TOKEN: '',
      PLUGIN_NOTIFICATIONS_UNDECLARED: 'x',
    });

    expect(sut.values).toEqual({ 'api-key': 'k3y' });
    expect(sut.unset).toEqual(['token', 'other']);
  });

  it('should return frozen values', () => {
    const sut = readPluginSecrets('p', ['a'], { PLUGIN_P_A: 'x' });

    expect(Object.isFrozen(sut.values)).toBe(true);
  });

  it('should read secrets from the plugin file', () => {
    writeSecretsFile('notifications', JSON.stringify({ 'api-key': 'from-file', extra: 'x' }));

    const sut = readPluginSecrets('notifications', ['api-key'], {}, secretsDir);

    expect(sut.values).toEqual({ 'api-key': 'from-file' });
  });

  it('should let the environment win over the file', () => {
    writeSecretsFile('notifications', JSON.stringify({ 'api-key': 'from-file', token: 't' }));

    const sut = readPluginSecrets(
      'notifications',
      ['api-key', 'token'],
      { PLUGIN_NOTIFICATIONS_API_KEY: 'from-env' },
      secretsDir,
    );

    expect(sut.values).toEqual({ 'api-key': 'from-env', token: 't' });
  });

  it('should treat a missing file as empty', () => {
    const sut = readPluginSecrets('absent', ['a'], {}, secretsDir);

    expect(sut.values).toEqual({});
    expect(sut.unset).toEqual(['a']);
  });

  it('should not read the file of another plugin', () => {
    writeSecretsFile('other', JSON.stringify({ a: 'x' }));

    expect(readPluginSecrets('mine', ['a'], {}, secretsDir).unset).toEqual(['a']);
  });

  it.each([
    ['an array', '["a"]'],
    ['a string', '"a"'],
    ['null', 'null'],
    ['a nested object', '{"a": {"b": "c"}}'],
    ['a number value', '{"a": 1}'],
  ])('should reject a file holding %s, naming the file', (_case, content) => {
    writeSecretsFile('p', content);

    expect(() => readPluginSecrets('p', ['a'], {}, secretsDir)).toThrow(
      `${join(secretsDir, 'p.json')} must be a JSON object whose values are strings`,
    );
  });

  it('should reject a file that is not JSON without quoting its content', () => {
    writeSecretsFile('p', '{"a": s3cr3t-value}');

    const read = () => readPluginSecrets('p', ['a'], {}, secretsDir);

    expect(read).toThrow(`${join(secretsDir, 'p.json')} is not valid JSON`);
    expect(read).toThrow(expect.objectContaining({ code: PluginLoadErrorCode.SecretsFile }));
    expect(read).not.toThrow(/s3cr3t/);
  });
});

describe('readPluginSecrets (names of built-in object properties)', () => {
  it('should treat a secret named like an Object property as unset when nothing sets it', () => {
    const sut = readPluginSecrets('p', ['constructor', 'toString'], {});

    expect(sut.values).toEqual({});
    expect(sut.unset).toEqual(['constructor', 'toString']);
  });
});
