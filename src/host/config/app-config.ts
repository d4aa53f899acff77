import type { LevelWithSilent } from 'pino';
import { PLUGIN_NAME_PATTERN } from '../../sdk/index.js';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/**
 * Every setting of the host, read from the environment once at start-up. Each property is named
 * after its variable; README.md lists them all.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  public PORT = 3000;

  @IsString()
  public HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  public LOG_LEVEL: LevelWithSilent = 'info';

  /** Plugin names to load; all discovered plugins when unset. */
  @Transform(toList)
  @IsOptional()
  @Matches(PLUGIN_NAME_PATTERN, { each: true })
  public PLUGINS?: string[];

  /** Extra folders to discover plugins in, besides the built-in src/plugins. */
  @Transform(toList)
  @IsString({ each: true })
  public PLUGINS_DIRS: string[] = [];

  /** A folder of `<plugin>.json` files, each a flat object of secret name to value. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  public PLUGIN_SECRETS_DIR?: string;

  @IsIn(['memory', 'redis'])
  public BROADCAST_BUS: 'memory' | 'redis' = 'memory';

  @ValidateIf((config: AppConfig) => config.BROADCAST_BUS === 'redis')
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  public REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/)
  public REDIS_KEY_PREFIX = 'plugin-io';

  /** How long a request waits for the bus to take a broadcast before answering 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  public BROADCAST_PUBLISH_TIMEOUT_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  public HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Origins answered with CORS headers, preflights included; none when unset. */
  @Transform(toList)
  @IsOptional()
  @IsString({ each: true })
  public CORS_ORIGINS?: string[];

  @Transform(toInt)
  @IsInt()
  @Min(1)
  public WS_MAX_INBOUND_BYTES = 4 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  public WS_MAX_BUFFERED_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  public WS_AUTH_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  public WS_HEARTBEAT_INTERVAL_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  public SHUTDOWN_DRAIN_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  public SHUTDOWN_CLOSE_BATCH = 500;

  @Matches(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)
  public SESSION_COOKIE = 'session';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  public SESSION_JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/-----BEGIN PUBLIC KEY-----/, {
    message: 'SESSION_JWT_PUBLIC_KEY must be a PEM (SPKI) public key',
  })
  public SESSION_JWT_PUBLIC_KEY?: string;

  @IsString()
  public SESSION_USER_TYPE_CLAIM = 'user_type';

  @IsString()
  public CUSTOMER_IDENTIFIER = 'local';

  @IsString()
  public INSTALLATION_TIME_ZONE = 'UTC';
}

/** Raised when the environment holds bad values; the message lists every one of them. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';

  public constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The environment variables {@link AppConfig} reads. */
export const CONFIG_VARIABLES: ReadonlyArray<keyof AppConfig> = [
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'PLUGINS',
  'PLUGINS_DIRS',
  'PLUGIN_SECRETS_DIR',
  'BROADCAST_BUS',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'BROADCAST_PUBLISH_TIMEOUT_MS',
  'HTTP_BODY_LIMIT_BYTES',
  'CORS_ORIGINS',
  'WS_MAX_INBOUND_BYTES',
  'WS_MAX_BUFFERED_BYTES',
  'WS_AUTH_TIMEOUT_MS',
  'WS_HEARTBEAT_INTERVAL_MS',
  'SHUTDOWN_DRAIN_TIMEOUT_MS',
  'SHUTDOWN_CLOSE_BATCH',
  'SESSION_COOKIE',
  'SESSION_JWT_SECRET',
  'SESSION_JWT_PUBLIC_KEY',
  'SESSION_USER_TYPE_CLAIM',
  'CUSTOMER_IDENTIFIER',
  'INSTALLATION_TIME_ZONE',
];

/** Reads and validates the configuration; throws one {@link ConfigError} for every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined) {
      input[key] = value;
    }
  }

  const config = plainToInstance(AppConfig, input);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap((error) => Object.values(error.constraints ?? {})));
  }
  return config;
}
