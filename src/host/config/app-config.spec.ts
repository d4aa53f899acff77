import 'reflect-metadata';
import { AppConfig, CONFIG_VARIABLES, ConfigError, loadConfig } from './app-config.js';

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe(loadConfig.name, () => {
  describe('when the environment is empty', () => {
    it('should use the documented defaults', () => {
      const sut = loadConfig({});

      expect(sut).toBeInstanceOf(AppConfig);
      expect(sut).toMatchObject({
        PORT: 3000,
        HOST: '0.0.0.0',
        LOG_LEVEL: 'info',
        PLUGINS_DIRS: [],
        BROADCAST_BUS: 'memory',
        REDIS_KEY_PREFIX: 'plugin-io',
        BROADCAST_PUBLISH_TIMEOUT_MS: 1000,
        HTTP_BODY_LIMIT_BYTES: 1024 * 1024,
        WS_MAX_INBOUND_BYTES: 4 * 1024,
        WS_MAX_BUFFERED_BYTES: 1024 * 1024,
        WS_AUTH_TIMEOUT_MS: 5000,
        WS_HEARTBEAT_INTERVAL_MS: 30_000,
        SHUTDOWN_DRAIN_TIMEOUT_MS: 10_000,
        SHUTDOWN_CLOSE_BATCH: 500,
        SESSION_COOKIE: 'session',
        SESSION_USER_TYPE_CLAIM: 'user_type',
        CUSTOMER_IDENTIFIER: 'local',
        INSTALLATION_TIME_ZONE: 'UTC',
      });
      expect(sut.PLUGINS).toBeUndefined();
      expect(sut.REDIS_URL).toBeUndefined();
      expect(sut.SESSION_JWT_SECRET).toBeUndefined();
      expect(sut.SESSION_JWT_PUBLIC_KEY).toBeUndefined();
      expect(sut.PLUGIN_SECRETS_DIR).toBeUndefined();
      expect(sut.CORS_ORIGINS).toBeUndefined();
    });

    it('should list every property of AppConfig as a variable, each once', () => {
      expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
      expect(Object.keys(new AppConfig()).sort()).toEqual([...CONFIG_VARIABLES].sort());
    });
  });

  describe('when values are given', () => {
    it('should convert numbers and keep strings', () => {
      const sut = loadConfig({
        PORT: ' 8080 ',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        WS_AUTH_TIMEOUT_MS: '250',
        SESSION_JWT_SECRET: 'top-secret',
      });

      expect(sut.PORT).toBe(8080);
      expect(sut.HOST).toBe('127.0.0.1');
      expect(sut.LOG_LEVEL).toBe('debug');
      expect(sut.WS_AUTH_TIMEOUT_MS).toBe(250);
      expect(sut.SESSION_JWT_SECRET).toBe('top-secret');
    });

    it('should ignore variables it does not know', () => {
      const sut = loadConfig({ SOMETHING_ELSE: 'x', PATH: '/usr/bin' });

      expect(sut).not.toHaveProperty('SOMETHING_ELSE');
      expect(sut).not.toHaveProperty('PATH');
    });

    it('should parse PLUGINS as a trimmed comma list without blanks', () => {
      expect(loadConfig({ PLUGINS: ' notifications, showcase ,,' }).PLUGINS).toEqual([
        'notifications',
        'showcase',
      ]);
    });

    it('should parse PLUGINS_DIRS as a trimmed comma list', () => {
      expect(loadConfig({ PLUGINS_DIRS: '/opt/plugins , ./more,' }).PLUGINS_DIRS).toEqual([
        '/opt/plugins',
        './more',
      ]);
    });

    it('should treat an empty PLUGINS_DIRS as no folders', () => {
      expect(loadConfig({ PLUGINS_DIRS: '' }).PLUGINS_DIRS).toEqual([]);
    });

    it('should reject a plugin name that breaks the naming rule in PLUGINS', () => {
      expect(configErrorOf({ PLUGINS: 'good,Bad-Name' }).message).toContain('PLUGINS');
    });

    it('should treat empty optional strings as unset', () => {
      const sut = loadConfig({ SESSION_JWT_SECRET: '', PLUGIN_SECRETS_DIR: '' });

      expect(sut.SESSION_JWT_SECRET).toBeUndefined();
      expect(sut.PLUGIN_SECRETS_DIR).toBeUndefined();
    });

    it('should accept the redis bus with a redis URL', () => {
      const sut = loadConfig({ BROADCAST_BUS: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' });

      expect(sut.BROADCAST_BUS).toBe('redis');
      expect(sut.REDIS_URL).toBe('redis://127.0.0.1:6379');
    });
  });

  describe('when values are bad', () => {
    it.each(['-1', '65536', '70000', 'abc', '80.5', ''])('should reject PORT=%j', (port) => {
      const error = configErrorOf({ PORT: port });

      expect(error.problems.length).toBeGreaterThan(0);
      for (const problem of error.problems) {
        expect(problem).toContain('PORT');
      }
    });

    it.each(['0', '65535'])('should accept PORT=%s', (port) => {
      expect(loadConfig({ PORT: port }).PORT).toBe(Number(port));
    });

    it('should reject BROADCAST_BUS=redis without REDIS_URL', () => {
      const error = configErrorOf({ BROADCAST_BUS: 'redis' });

      expect(error.problems).toEqual(['REDIS_URL must be a redis:// or rediss:// URL']);
    });

    it('should reject a REDIS_URL of another scheme', () => {
      expect(configErrorOf({ BROADCAST_BUS: 'redis', REDIS_URL: 'http://x' }).message).toContain(
        'REDIS_URL',
      );
    });

    it('should list every bad variable in one message', () => {
      const error = configErrorOf({
        PORT: '99999',
        LOG_LEVEL: 'loud',
        BROADCAST_BUS: 'kafka',
        WS_AUTH_TIMEOUT_MS: '0',
        HTTP_BODY_LIMIT_BYTES: 'lots',
        SESSION_COOKIE: 'bad cookie',
        SESSION_JWT_PUBLIC_KEY: 'not a key',
      });

      for (const name of [
        'PORT',
        'LOG_LEVEL',
        'BROADCAST_BUS',
        'WS_AUTH_TIMEOUT_MS',
        'HTTP_BODY_LIMIT_BYTES',
        'SESSION_COOKIE',
        'SESSION_JWT_PUBLIC_KEY',
      ]) {
        expect(error.message).toContain(name);
      }
      expect(error.message).toMatch(/^Invalid configuration:\n {2}- /);
      expect(error.problems.length).toBeGreaterThanOrEqual(7);
    });

    it('should not quote a secret value in the message', () => {
      const error = configErrorOf({ SESSION_JWT_PUBLIC_KEY: 'super-secret-not-a-pem' });

      expect(error.message).not.toContain('super-secret-not-a-pem');
    });
  });
});
